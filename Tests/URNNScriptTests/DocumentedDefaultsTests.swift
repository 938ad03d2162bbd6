import Foundation
import XCTest
@testable import URNNScript

/// The defaults that `docs/*.md` states in prose agree with the declarations (the generated
/// `docs/language.md` is checked by `ReferenceTests`). Two forms are read, on one line:
/// "`NAME` ... (default VALUE" / "`NAME=...` ...; default VALUE" (NAME a declared option), and
/// "`VALUE` (default)" / "`VALUE`, the default" (VALUE the default of a declared option).
final class DocumentedDefaultsTests: XCTestCase {
    static let docsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs")

    /// Every declared option's defaults by name (one name may be declared with several).
    static var declaredDefaults: [String: Set<String>] {
        var defaults: [String: Set<String>] = [:]
        for spec in Commands.all {
            for variant in [nil] + spec.variants.map(Optional.some) {
                for option in spec.options(for: variant) {
                    if case .auto = option.defaultValue { continue }
                    defaults[option.name, default: []].insert(option.defaultValue.display)
                }
            }
        }
        return defaults
    }

    /// How a value reads in prose, as the declarations display it.
    static func normalised(_ text: String) -> String {
        let t = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "`"))
        switch t {
        case "on": return "true"
        case "off": return "false"
        default: return t
        }
    }

    static func claims(in line: String) -> [(name: String?, value: String)] {
        var found: [(String?, String)] = []
        let named = try! NSRegularExpression(
            pattern: #"`([a-z_][a-z_0-9]*)(?:\s*=[^`]*)?`[^`.\n]{0,40}?\bdefaults?( to)?:? `?([0-9][0-9,]*[0-9]|[A-Za-z0-9_.+-]+)"#)
        let bare = try! NSRegularExpression(pattern: #"`([A-Za-z0-9_.+-]+)`(?: \(default[);]|, the default)"#)
        let ns = line as NSString
        for m in named.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            var value = ns.substring(with: m.range(at: 3))
            while value.hasSuffix(".") { value.removeLast() }
            found.append((ns.substring(with: m.range(at: 1)), value))
        }
        for m in bare.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            found.append((nil, ns.substring(with: m.range(at: 1))))
        }
        return found
    }

    func testTheReaderFindsBothForms() {
        let a = Self.claims(in: "Options: `unit` (`word`, the default, or `char`), `lowercase` (default off; ASCII")
        XCTAssertEqual(a.map(\.value), ["off", "word"])
        XCTAssertEqual(a.map(\.name), ["lowercase", nil])
        XCTAssertEqual(Self.claims(in: "`model g = ngram order=N` (N = 1, 2, 3; default 2) is").map(\.value), [])
        XCTAssertEqual(Self.claims(in: "`order=N` (N = 1, 2, 3; default 2) is").map(\.value), ["2"])
        XCTAssertEqual(Self.claims(in: "- `carry = false` (`train`'s default): windows").map(\.value), [])
        XCTAssertEqual(Self.claims(in: "- `carry = true` (stateful, the default for training): windows").map(\.value), ["for"])
    }

    func testDefaultsStatedInTheDocsAreTheDeclaredOnes() throws {
        let defaults = Self.declaredDefaults
        let allDefaults = Set(defaults.values.flatMap { $0 })
        XCTAssertEqual(defaults["carry"], ["false"])
        var checked = 0
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.docsFolder.path)
            .filter { $0.hasSuffix(".md") && $0 != "language.md" }.sorted()
        XCTAssertGreaterThan(files.count, 5, "docs not found at \(Self.docsFolder.path)")
        for file in files {
            let text = try String(contentsOf: Self.docsFolder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                for claim in Self.claims(in: line) {
                    let value = Self.normalised(claim.value)
                    if let name = claim.name {
                        guard let declared = defaults[name] else { continue }
                        checked += 1
                        XCTAssertTrue(declared.contains(value),
                                      "\(file):\(number + 1): says '\(name)' defaults to '\(claim.value)', declared: \(declared.sorted())")
                    } else {
                        checked += 1
                        XCTAssertTrue(allDefaults.contains(value),
                                      "\(file):\(number + 1): calls '\(claim.value)' the default, but no option declares it")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 3, "the reader found too few stated defaults to compare")
    }
}
