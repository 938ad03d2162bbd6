// swift-tools-version:6.0
import Foundation
import PackageDescription

// The engine is compiled for the CPU that builds it, or, with URNN_PORTABLE=1 (what
// `scripts/urnn --portable` sets, into .build-portable), for LLVM's `haswell` target: the
// x86-64-v3 instructions (AVX2, FMA, BMI) that every x86-64 CPU since Intel Haswell and AMD
// Zen has, so that one binary runs on every node of a cluster (docs/sweeps.md). Swift's
// clang importer does not take the name `x86-64-v3`. URNN_PORTABLE also tells the binary
// which it is (`URNNBuild`).
let portable = ProcessInfo.processInfo.environment["URNN_PORTABLE"] == "1"
let engineCPU: [SwiftSetting] = portable
    ? [.unsafeFlags(["-target-cpu", "haswell"]), .define("URNN_PORTABLE")]
    : [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "urnn",
    products: [
        .executable(name: "urnn", targets: ["urnn"]),
        .library(name: "URNNEngine", targets: ["URNNEngine"]),
        .library(name: "URNNScript", targets: ["URNNScript"]),
        // The fuzz targets' entry functions; the libFuzzer driver in Fuzz/ links them (scripts/fuzz).
        .library(name: "URNNFuzz", targets: ["URNNFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CLinearAlgebra", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CXSMM", pkgConfig: "libxsmm", providers: [.apt(["libxsmm-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "URNNEngine",
            dependencies: [
                "CLinearAlgebra", "CXSMM", "CFFTW", "CZlib",
                .product(name: "Numerics", package: "swift-numerics"),
            ],
            // The engine's own loops (activations, the structured factors, softmax) are
            // compiled for the CPU that builds them, as scripts/urnn and scripts/test do on
            // the machine that runs them: without it Swift targets baseline x86-64, and
            // SIMD4/SIMD8 code runs on 128-bit SSE2 registers (docs/performance.md).
            swiftSettings: engineCPU),
        .target(name: "URNNScript", dependencies: ["URNNEngine"]),
        .target(name: "URNNFuzz", dependencies: ["URNNScript", "URNNEngine",
                                                 .product(name: "Numerics", package: "swift-numerics")]),
        .executableTarget(
            name: "urnn",
            dependencies: [
                "URNNScript", "URNNEngine", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Benchmarks (scripts/bench/): a harness the bench scripts drive, not a product.
        .executableTarget(name: "urnn-bench", dependencies: ["URNNEngine"], path: "scripts/bench/harness"),
        .testTarget(name: "URNNEngineTests", dependencies: ["URNNEngine"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "URNNScriptTests", dependencies: ["URNNScript"], exclude: ["Scripts", "EngineScripts"]),
        .testTarget(name: "urnnTests", dependencies: ["urnn"]),
        .testTarget(name: "URNNFuzzTests", dependencies: ["URNNFuzz"]),
    ]
)
