// swift-tools-version:6.0
// The libFuzzer driver for urnn's fuzz targets: a package of its own, so that the main
// package's build and tests never see it. Built by scripts/fuzz with
// -sanitize=fuzzer,address into .build-fuzz; docs/security.md says how to run it.
import PackageDescription

let package = Package(
    name: "urnn-fuzz",
    dependencies: [.package(name: "urnn", path: "..")],
    targets: [
        .target(name: "CLibFuzzer", path: "CLibFuzzer"),
        .executableTarget(
            name: "urnn-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "URNNFuzz", package: "urnn")],
            path: "Driver"),
    ]
)
