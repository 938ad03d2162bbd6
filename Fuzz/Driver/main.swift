import CLibFuzzer
import Foundation
import URNNFuzz

// One binary serves every target: URNN_FUZZ_TARGET (set by scripts/fuzz) names the one a
// run feeds; URNN_FUZZ_LIST=1 prints the targets ("name<TAB>summary") and exits. The rest
// of the command line is libFuzzer's (-max_total_time=60 CORPUS_DIR ...).

let environment = ProcessInfo.processInfo.environment
if environment["URNN_FUZZ_LIST"] == "1" {
    for t in FuzzTarget.all { print("\(t.name)\t\(t.summary)") }
    exit(0)
}
guard let chosen = FuzzTarget.named(environment["URNN_FUZZ_TARGET"] ?? "") else {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("urnn-fuzz: set URNN_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(64)
}
let target = chosen

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = target.run(bytes)
    if !problems.isEmpty {
        // A broken promise is a finding like a crash: libFuzzer saves the input on abort.
        FileHandle.standardError.write(Data(("urnn-fuzz: " + problems.joined(separator: "\nurnn-fuzz: ") + "\n").utf8))
        abort()
    }
    return 0
})
