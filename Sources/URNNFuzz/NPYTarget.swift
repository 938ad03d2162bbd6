import Foundation
import URNNEngine

/// The `.npy` reader on arbitrary bytes. What it accepts must survive a write and a read
/// bit for bit (the writer's Fortran order is the engine's layout), since `export` and
/// reading back are meant to be lossless.
enum NPYTarget {
    static func run(_ bytes: [UInt8]) -> [String] {
        guard let array = try? NPY.decode(Data(bytes), file: "fuzz.npy") else { return [] }
        let again: NPYArray?
        switch array {
        case .real(let m): again = try? NPY.decode(NPY.encode(m), file: "again.npy")
        case .complex(let m): again = try? NPY.decode(NPY.encode(m), file: "again.npy")
        }
        guard let again else { return ["an array read from the input cannot be read back after writing it"] }
        return bitPattern(of: again) == bitPattern(of: array) ? [] : ["a write/read round trip changed the array"]
    }

    /// Shape and the bits of every element (NaN payloads included, which `==` would not compare).
    private static func bitPattern(of array: NPYArray) -> [UInt64] {
        switch array {
        case .real(let m):
            return [UInt64(m.rows), UInt64(m.cols)] + m.elements.map(\.bitPattern)
        case .complex(let m):
            return [UInt64(m.rows), UInt64(m.cols)]
                + m.elements.flatMap { [$0.rawStorage.x.bitPattern, $0.rawStorage.y.bitPattern] }
        }
    }
}
