import MetadataStore
import SyncModel

/// CreateDataSource, ListDataSources, UpdateDataSource, DeleteDataSource (anchors.md §1.3).
enum DataSourceHandlers {
    static func create(_ c: DataWorksContext) async throws -> CreateDataSourceResponse {
        let p = c.params
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        _ = try await c.project(projectID)
        let content = try p.requiredString("Content")
        _ = try DIJobHandlers.parseJSON(content, field: "Content")
        let source = try await c.controlPlane.createDataSource(
            projectID: projectID, name: try p.requiredString("Name"), type: try p.requiredString("DataSourceType"),
            content: content, description: p.string("Description") ?? "",
            envType: Int(try p.requiredInt("EnvType", in: 0...1)))
        return CreateDataSourceResponse(RequestId: c.requestID, Success: true, HttpStatusCode: "200", Data: source.id)
    }

    static func list(_ c: DataWorksContext) async throws -> ListDataSourcesResponse {
        let p = c.params
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        let page = try PageRequest(p)
        var type: DataSourceType?
        if let text = p.nonEmptyString("DataSourceType") {
            guard let parsed = DataSourceType(lenient: text) else {
                throw APIError.invalid("DataSourceType", "expected mysql, postgresql, hologres or kafka")
            }
            type = parsed
        }
        let query = DataSourceQuery(
            projectID: projectID, nameContains: p.nonEmptyString("Name"), type: type,
            envType: try p.int("EnvType", in: 0...1).map(Int.init), pageNumber: page.number, pageSize: page.size)
        let result = try await c.controlPlane.listDataSources(query)
        let rows = result.items.map { source in
            DataSourceRow(
                Id: source.id, Name: source.name, DataSourceType: source.type.rawValue,
                Content: source.content.redactedJSON(for: source.type).jsonText, Description: source.description,
                EnvType: source.envType, ProjectId: source.projectID,
                GmtCreate: String(source.createdAt.epochMilliseconds), Status: 1)
        }
        return ListDataSourcesResponse(
            RequestId: c.requestID, Success: true, HttpStatusCode: 200,
            Data: DataSourcePage(PageNumber: page.number, PageSize: page.size, TotalCount: result.totalCount,
                                 DataSources: rows))
    }

    static func update(_ c: DataWorksContext) async throws -> BoolDataResponse {
        let p = c.params
        let id = try p.requiredInt("DataSourceId", in: 1...Int64.max)
        if let content = p.nonEmptyString("Content") { _ = try DIJobHandlers.parseJSON(content, field: "Content") }
        _ = try await c.controlPlane.updateDataSource(
            id: id, content: p.nonEmptyString("Content"), description: p.string("Description"),
            envType: try p.int("EnvType", in: 0...1).map(Int.init))
        return BoolDataResponse(RequestId: c.requestID, Success: true, HttpStatusCode: 200, Data: true)
    }

    static func delete(_ c: DataWorksContext) async throws -> BoolDataResponse {
        let id = try c.params.requiredInt("DataSourceId", in: 1...Int64.max)
        try await c.controlPlane.deleteDataSource(id: id)
        return BoolDataResponse(RequestId: c.requestID, Success: true, HttpStatusCode: 200, Data: true)
    }
}

/// CreateDataSource: `{"RequestId","Success","HttpStatusCode","Data":<id>}` (sdk-wire-formats.md §1.7).
struct CreateDataSourceResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let HttpStatusCode: String
    let Data: Int64
}

/// UpdateDataSource / DeleteDataSource: `Data` is a boolean.
struct BoolDataResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let HttpStatusCode: Int
    let Data: Bool
}

/// ListDataSources.
struct ListDataSourcesResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let HttpStatusCode: Int
    let Data: DataSourcePage
}

/// `Data` of ListDataSources.
struct DataSourcePage: Encodable, Sendable {
    let PageNumber: Int
    let PageSize: Int
    let TotalCount: Int
    let DataSources: [DataSourceRow]
}

/// One data source; `Content` has the password removed.
struct DataSourceRow: Encodable, Sendable {
    let Id: Int64
    let Name: String
    let DataSourceType: String
    let Content: String
    let Description: String
    let EnvType: Int
    let ProjectId: Int64
    let GmtCreate: String
    let Status: Int
}
