import Foundation
import XCTest
import URNNEngine
@testable import URNNScript

/// The language's `rule=` values and `help rules` come from the engine's rule registry.
final class RuleRegistryTests: XCTestCase {
    func testRuleOptionAllowsExactlyTheRegisteredRules() throws {
        let model = try XCTUnwrap(Commands.all.first { $0.name == "model" })
        let urnn = try XCTUnwrap(model.variants.first { $0.name == "urnn" })
        let rule = try XCTUnwrap(urnn.options.first { $0.name == "rule" })
        guard case .choice(let values) = rule.type else { return XCTFail("rule= is not a choice: \(rule.type)") }
        XCTAssertEqual(values, UpdateRules.names)
    }

    func testHelpRulesListsEveryRegisteredRuleWithItsSummary() throws {
        let help = try Reference.help(topic: "rules")
        for rule in UpdateRules.summaries {
            let firstWords = rule.summary.split(separator: " ").prefix(3).joined(separator: " ")
            XCTAssertTrue(help.contains("  " + rule.name.padding(toLength: 10, withPad: " ", startingAt: 0) + firstWords),
                          "help rules lacks \(rule.name): \(help)")
        }
    }
}
