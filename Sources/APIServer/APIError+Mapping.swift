import MetadataStore
import SyncModel

/// The single place where model and store errors become API errors.
extension APIError {
    /// A SyncModel validation or transition error.
    init(_ error: SyncModelError) {
        switch error.code {
        case .illegalTransition: self.init(.illegalState, error.message)
        default:
            let field = error.field.map { "\($0): " } ?? ""
            self.init(.invalidParameter, "Invalid parameter: \(field)\(error.message).")
        }
    }

    /// A metadata store error; database failures become an internal error without details.
    init(_ error: MetadataStoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .duplicateTaskName: self.init(.fileExisted, "The file name already exists.")
        case .duplicateDataSourceName, .duplicateProject, .duplicateAccessKey, .invalidQuery, .inUse:
            self.init(.invalidParameter, "Invalid parameter: \(error.message).")
        case .illegalTransition: self.init(.illegalState, error.message)
        default: self.init(.internalError, "An internal system error occurred. Try again later.")
        }
    }
}

/// Runs a store call, mapping its error.
func mapped<T>(_ body: () async throws(MetadataStoreError) -> T) async throws(APIError) -> T {
    do { return try await body() } catch { throw APIError(error) }
}

/// Runs a model call, mapping its error.
func mapped<T>(_ body: () throws(SyncModelError) -> T) throws(APIError) -> T {
    do { return try body() } catch { throw APIError(error) }
}
