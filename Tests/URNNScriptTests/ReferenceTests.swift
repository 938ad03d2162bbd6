import Foundation
import XCTest
@testable import URNNScript

/// `docs/language.md` is `Reference.markdown()`: this test fails when they differ, and
/// rewrites the file when `URNN_REGENERATE_DOCS=1`.
final class ReferenceTests: XCTestCase {
    static let docPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    func testCommittedReferenceIsGenerated() throws {
        let generated = Reference.markdown()
        if ProcessInfo.processInfo.environment["URNN_REGENERATE_DOCS"] == "1" {
            try FileManager.default.createDirectory(at: Self.docPath.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: Self.docPath, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.docPath, encoding: .utf8)
        XCTAssertEqual(committed, generated, "docs/language.md is stale: run URNN_REGENERATE_DOCS=1 swift test --filter ReferenceTests")
    }

    func testHelpPrintsTheSameTextAsTheReference() throws {
        let markdown = Reference.markdown()
        for spec in Commands.all {
            let help = try Reference.help(topic: spec.name)
            XCTAssertTrue(markdown.contains("### \(spec.name)\n\n```text\n\(help)\n```"), spec.name)
            for option in spec.options + spec.variants.flatMap(\.options) {
                XCTAssertTrue(help.contains("\(option.name)=\(option.type.display)"), "\(spec.name): \(option.name)")
                XCTAssertFalse(option.doc.isEmpty)
            }
        }
        XCTAssertThrowsError(try Reference.help(topic: "trian")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "no help for 'trian'; did you mean 'train'?")
        }
    }

    func testEveryExampleParses() {
        for spec in Commands.all {
            for example in spec.examples + spec.variants.map(\.example) {
                let (_, errors) = Parser.parse(SourceFile(name: "example", text: example))
                XCTAssertEqual(errors.map(\.message), [], "\(spec.name): \(example)")
            }
        }
    }
}
