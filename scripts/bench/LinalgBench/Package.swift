// swift-tools-version:6.0
// A separate package for the linear-algebra benchmark, so that timing code never
// becomes part of the urnn program or of its test suite. It depends on the urnn
// package two folders up by path and uses its URNNEngine library product.
// Run it through scripts/bench/linalg.
import PackageDescription

let package = Package(
    name: "LinalgBench",
    dependencies: [.package(name: "urnn", path: "../../..")],
    targets: [
        .executableTarget(name: "LinalgBench", dependencies: [.product(name: "URNNEngine", package: "urnn")]),
    ]
)
