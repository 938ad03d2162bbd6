import XCTest
@testable import URNNScript

final class ParserTests: XCTestCase {
    func parse(_ text: String) -> (Program, [ScriptError]) {
        Parser.parse(SourceFile(name: "t", text: text))
    }

    func testPrecedence() throws {
        let (program, errors) = parse("x = 1 + 2 * 3 @ m - -4")
        XCTAssertTrue(errors.isEmpty)
        guard case .assign("x", let e) = program.statements[0].kind else { return XCTFail("not an assignment") }
        // (1 + ((2 * 3) @ m)) - (-4)
        guard case .binary(.subtract, let left, let right) = e.kind,
              case .binary(.add, _, let product) = left.kind,
              case .binary(.matmul, let scaled, _) = product.kind,
              case .binary(.multiply, _, _) = scaled.kind,
              case .negate = right.kind
        else { return XCTFail("wrong tree") }
    }

    func testMatrixLiteralAndList() {
        let (program, _) = parse("[[0, 1], [1, 0]]\n[1, [2]]")
        guard case .expression(let m) = program.statements[0].kind, case .matrix(let rows) = m.kind else {
            return XCTFail("not a matrix")
        }
        XCTAssertEqual(rows.count, 2)
        guard case .expression(let l) = program.statements[1].kind, case .list = l.kind else { return XCTFail("not a list") }
    }

    func testCommandShapeAndOptions() throws {
        let (program, errors) = parse("train u on copy steps=2000 lr=1e-3 optimizer=rmsprop carry\n"
                                      + "corpus kjv = load \"k.txt\" split=0.9,0.05,0.05 unit=word\n"
                                      + "plot loss u r smooth=5 to \"x.png\" logy")
        XCTAssertEqual(errors.map(\.message), [])
        guard case .command(let train) = program.statements[0].kind else { return XCTFail("not a command") }
        XCTAssertEqual(train.spec.name, "train")
        XCTAssertEqual(train.arguments.map(\.placeholder), ["MODEL", "DATA"])
        XCTAssertEqual(train.options.map(\.spec.name), ["steps", "lr", "optimizer", "carry"])
        guard case .command(let corpus) = program.statements[1].kind else { return XCTFail("not a command") }
        XCTAssertEqual(corpus.variant?.name, "load")
        guard case .exprs(let split) = corpus.options[0].value else { return XCTFail("split not a list") }
        XCTAssertEqual(split.count, 3)
        guard case .command(let plot) = program.statements[2].kind else { return XCTFail("not a command") }
        XCTAssertEqual(plot.arguments.map(\.placeholder), ["MODEL", "FILE"])
        guard case .exprs(let models) = plot.arguments[0].value else { return XCTFail("models not a list") }
        XCTAssertEqual(models.count, 2)
        XCTAssertEqual(plot.options.map(\.spec.name), ["smooth", "logy"])
    }

    func testEveryErrorOfAFileIsReported() {
        let (_, errors) = parse("model r rnn\nx = = 2\nok = 1\nfor in x { }\nmodel u = urnn hidden=\"big\" hiden=3\n")
        XCTAssertEqual(errors.map { $0.location?.line ?? 0 }, [1, 2, 4, 5, 5])
        XCTAssertTrue(errors[0].message.hasPrefix("expected '=' after model name"))
        XCTAssertTrue(errors[3].message.contains("needs an int, got a string"))
        XCTAssertTrue(errors[4].message.contains("did you mean 'hidden'?"))
    }

    func testErrorsInsideBlocksRecover() {
        let (program, errors) = parse("for i in range(3) {\n  print i +\n  print i\n}\nprint 2")
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(program.statements.count, 2)
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let (_, errors) = parse("x = " + deep)
        XCTAssertTrue(errors.contains { $0.message.hasPrefix("expression too deeply nested (limit 64 levels") })
        let negations = String(repeating: "-", count: 5000) + "1"
        XCTAssertFalse(parse(negations).1.isEmpty)
    }

    func testRenderedDiagnosticQuotesTheLineWithACaret() {
        let (_, errors) = parse("model r = rnn hidden=128 hiden=64")
        XCTAssertEqual(errors.first?.rendered, """
            t:1:26: error: unknown option 'hiden' for model rnn; did you mean 'hidden'?
                model r = rnn hidden=128 hiden=64
                                         ^~~~~
            note: options of model rnn: hidden, activation, init
            """)
    }
}
