extension TableMapOptionalMetadata {
    /// Copies names, signedness, collations, ENUM/SET members and geometry types onto the column descriptors,
    /// and expands the per-kind lists (which count only numeric / character / enum / set columns).
    mutating func apply(to columns: inout [ColumnDescriptor]) {
        if let names = columnNames {
            for index in columns.indices where index < names.count { columns[index].name = names[index] }
        }
        var numericIndex = 0
        var characterIndex = 0
        var enumSetIndex = 0
        var enumIndex = 0
        var setIndex = 0
        var geometryIndex = 0
        var unsignedFlags: [Bool] = []
        var characterCollations: [UInt16] = []
        var enumSetCollations: [UInt16] = []
        for index in columns.indices {
            let column = columns[index]
            if column.realType.takesSignednessFlag {
                if let bits = pendingSignedness {
                    let byte = numericIndex >> 3
                    let flag = byte < bits.count && bits[byte] & (0x80 >> UInt8(numericIndex & 7)) != 0
                    columns[index].unsigned = flag
                    unsignedFlags.append(flag)
                }
                numericIndex += 1
            } else if column.isCharacter {
                if let spec = pendingCharacter, let collation = spec.collation(at: characterIndex, column: index) {
                    columns[index].collationID = collation
                    characterCollations.append(collation)
                }
                characterIndex += 1
            } else if column.isEnumOrSet {
                if let spec = pendingEnumSet, let collation = spec.collation(at: enumSetIndex, column: index) {
                    columns[index].collationID = collation
                    enumSetCollations.append(collation)
                }
                enumSetIndex += 1
                if column.realType == .enumeration {
                    if let lists = enumMembers, enumIndex < lists.count { columns[index].members = lists[enumIndex] }
                    enumIndex += 1
                } else {
                    if let lists = setMembers, setIndex < lists.count { columns[index].members = lists[setIndex] }
                    setIndex += 1
                }
            } else if column.realType == .geometry {
                if let types = geometryTypes, geometryIndex < types.count {
                    columns[index].geometryType = types[geometryIndex]
                }
                geometryIndex += 1
            }
        }
        if pendingSignedness != nil { unsigned = unsignedFlags }
        if pendingCharacter != nil { self.characterCollations = characterCollations }
        if pendingEnumSet != nil { self.enumSetCollations = enumSetCollations }
        if let bits = pendingVisibility {
            visibility = columns.indices.map { index in
                let byte = index >> 3
                return byte < bits.count && bits[byte] & (0x80 >> UInt8(index & 7)) != 0
            }
        }
        pendingSignedness = nil
        pendingVisibility = nil
        pendingCharacter = nil
        pendingEnumSet = nil
    }
}

extension TableMapOptionalMetadata.PendingCollations {
    /// The collation of the `kindIndex`-th column of its kind (the exceptions of DEFAULT_CHARSET are keyed by
    /// that index too).
    func collation(at kindIndex: Int, column: Int) -> UInt16? {
        if let defaultCollation { return exceptions[kindIndex] ?? defaultCollation }
        return kindIndex < list.count ? list[kindIndex] : nil
    }
}
