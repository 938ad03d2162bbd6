import XCTest
import Numerics
@testable import URNNEngine

/// The update rules as strategies: one registry, one recurrence for both fields.
final class UpdateRuleRegistryTests: XCTestCase {
    func testUpdateRuleNamesAreTheRegistry() {
        XCTAssertEqual(UpdateRule.allCases.map(\.rawValue), ["exact", "seed", "cayley", "geodesic", "free"])
        XCTAssertEqual(UpdateRule.allCases.map(\.rawValue), UpdateRules.names)
        XCTAssertNil(UpdateRule(rawValue: "orthogonal"), "a name no rule registers is no rule")
        for rule in UpdateRule.allCases { XCTAssertFalse(rule.summary.isEmpty, "rule \(rule) has no summary") }
    }

    func testAnUnregisteredRuleInACheckpointIsAnError() throws {
        let json = Data(#"["exact", "nonesuch"]"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode([UpdateRule].self, from: json))
        XCTAssertEqual(try JSONDecoder().decode([UpdateRule].self, from: Data(#"["cayley"]"#.utf8)), [.cayley])
    }

    /// Both fields hold the same recurrence type with the same rule types.
    func testRealAndComplexShareOneRecurrence() throws {
        for rule in UpdateRule.allCases {
            for field in ModelConfig.Field.allCases {
                let cfg = ModelConfig(kind: .urnn, hidden: 6, inputSize: 2, symbolInputs: true, outputSize: 2,
                                      rule: rule, field: field, seed: 1)
                let model = try makeModel(cfg)
                let recurrence: AnyObject? = (model as? ElmanRNN)?.recurrence ?? (model as? ComplexUnitaryRNN)?.recurrence
                switch field {
                case .real: XCTAssertTrue(recurrence is ExpRecurrence<Double>, "rule \(rule), real")
                case .complex: XCTAssertTrue(recurrence is ExpRecurrence<Complex<Double>>, "rule \(rule), complex")
                }
            }
        }
    }

    /// M = G Wᵀ − W Gᵀ is formed as X − Xᵀ on the real side too, so `seed` keeps A
    /// skew-symmetric to the last bit. (Formed from two products, A + Aᵀ reached
    /// 4.6e-17 at H = 100 after 20 training steps.)
    func testSeedKeepsRealGeneratorExactlySkew() throws {
        let h = 100
        let cfg = ModelConfig(kind: .urnn, hidden: h, inputSize: 2, symbolInputs: false, outputSize: 1,
                              rule: .seed, generatorInit: .random, seed: 4)
        let model = try makeModel(cfg)
        var g = SeededGenerator(seed: 5)
        for _ in 0..<5 {
            model.parameters[0].gradient = Matrix.randomNormal(rows: h, cols: h, using: &g).elements
            try model.applyRecurrentRules(learningRate: 0.05)
            try model.parametersDidChange()
        }
        guard case .real(let a)? = model.generator else { return XCTFail("real A expected") }
        let asymmetry = (a + a.transposed()).frobeniusNorm
        XCTAssertEqual(asymmetry, 0, "‖A + Aᵀ‖_F = \(asymmetry), expected exactly 0")
    }
}
