// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "cairn",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
        .library(name: "CairnCore", targets: ["CairnCore"]),
        .library(name: "CairnStore", targets: ["CairnStore"]),
        .library(name: "CairnProtocol", targets: ["CairnProtocol"]),
        .library(name: "CairnClient", targets: ["CairnClient"]),
        .library(name: "CairnFlyteProtocol", targets: ["CairnFlyteProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(name: "CSpawn"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "CairnCore",
            dependencies: [
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CairnProtocol",
            dependencies: [
                "CairnCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "CairnClient",
            dependencies: [
                "CairnCore",
                "CairnProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CairnService",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnMaintenance",
                "CairnStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CairnServer",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnMaintenance",
                "CairnProtocol",
                "CairnService",
                "CairnStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CairnHTTP",
            dependencies: [
                "CairnBlobs",
                "CairnFlyte",
                "CairnFlyteProtocol",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                "CairnProtocol",
                "CairnServer",
                "CairnService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CairnStore",
            dependencies: [
                "CairnCore",
                "CLibPQ",
                "CSpawn",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Flyte's gRPC contracts (datacatalog, flyteidl2 cache service): messages and service stubs
        // generated from Protos/ by scripts/generate-protos and committed, so a build needs no protoc.
        .target(
            name: "CairnFlyteProtocol",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        // Flyte's APIs over the service: the datacatalog gRPC handler and server (Flyte 1) and the
        // cache service handler (Flyte 2) that the gRPC server and the HTTP listener's Connect routes share.
        .target(
            name: "CairnFlyte",
            dependencies: [
                "CairnCore",
                "CairnFlyteProtocol",
                "CairnService",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                // The plaintext listener's unary path: HTTP/2 frames of every stream in one handler.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CairnBlobs",
            dependencies: [
                "CairnCore",
                "CairnS3",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The S3 client: Signature Version 4 on swift-crypto, requests on async-http-client.
        .target(
            name: "CairnS3",
            dependencies: [
                "CairnCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CairnMaintenance",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "CairnEngine",
            dependencies: [
                "CairnBlobs",
                "CairnClient",
                "CairnCore",
                "CairnStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "CairnTestSupport",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnStore",
                "CairnServer",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CairnCLI",
            dependencies: [
                "CairnBlobs",
                "CairnMaintenance",
                "CairnClient",
                "CairnEngine",
                "CairnCore",
                "CairnFlyte",
                "CairnFlyteProtocol",
                "CairnHTTP",
                "CairnProtocol",
                "CairnS3",
                "CairnServer",
                "CairnStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // cairn bench grpc: a datacatalog client on grpc-swift's HTTP/2 transport.
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "cairn",
            dependencies: ["CairnCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "CairnCoreTests",
            // Yams: literals are read from what Yams.load(yaml:) returns, which differs from JSONSerialization.
            dependencies: ["CairnCore", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "CairnProtocolTests",
            dependencies: [
                "CairnCore",
                "CairnProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CairnServerTests",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnService",
                "CairnTestSupport",
                "CairnProtocol",
                "CairnServer",
                "CairnStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            // redis_py_check.py, run by RedisPyTests with python3.
            exclude: ["Python"]
        ),
        .testTarget(
            name: "CairnHTTPTests",
            dependencies: [
                "CairnBlobs",
                "CairnCore",
                "CairnFlyte",
                "CairnFlyteProtocol",
                "CairnHTTP",
                "CairnProtocol",
                "CairnServer",
                "CairnService",
                "CairnStore",
                "CairnTestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            // prometheus_check.py, run by MetricsTests with python3.
            exclude: ["Python"]
        ),
        .testTarget(
            name: "CairnServiceTests",
            dependencies: [
                "CairnCore", "CairnService", "CairnStore", "CairnTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CairnClientTests",
            dependencies: [
                "CairnClient",
                "CairnCore",
                "CairnProtocol",
                "CairnServer",
                "CairnStore",
                "CairnTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CairnStoreTests",
            dependencies: ["CairnStore", "CairnCore", "CairnTestSupport"]
        ),
        .testTarget(
            name: "CairnFlyteProtocolTests",
            dependencies: ["CairnFlyteProtocol", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(
            name: "CairnFlyteTests",
            dependencies: [
                "CairnCore", "CairnFlyte", "CairnFlyteProtocol", "CairnService", "CairnStore", "CairnTestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ],
            // Black-box suites over the PyPI flyteidl/flyteidl2 clients, run with python3.
            exclude: ["Python"]
        ),
        .testTarget(
            name: "CairnBlobsTests",
            dependencies: ["CairnBlobs", "CairnCore", "CairnS3"]
        ),
        .testTarget(
            name: "CairnS3Tests",
            dependencies: [
                // CairnStore: ProcessRunner and Blocking, to run awscli off the cooperative pool.
                "CairnCore", "CairnS3", "CairnStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CairnMaintenanceTests",
            dependencies: [
                "CairnBlobs", "CairnClient", "CairnCore", "CairnMaintenance", "CairnProtocol", "CairnServer",
                "CairnStore", "CairnTestSupport",
            ]
        ),
        .testTarget(
            name: "CairnEngineTests",
            dependencies: [
                "CairnBlobs", "CairnClient", "CairnCore", "CairnEngine", "CairnServer", "CairnStore",
                "CairnTestSupport",
            ]
        ),
        .testTarget(
            name: "CairnCLITests",
            dependencies: [
                "CairnBlobs",
                "CairnCLI",
                "CairnClient",
                "CairnCore",
                "CairnProtocol",
                "CairnS3",
                "CairnStore",
                "CairnTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
