// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure decisions: standard library only.
        .target(name: "WardenCore"),

        // System libraries from Debian: module.modulemap + shim.h only.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Thin adapters, one per outside thing.
        .target(name: "Blocking"),
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", "Blocking", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Redis", dependencies: ["CHiredis", "Blocking"]),
        .target(name: "HTTP", dependencies: ["CCurl", "Blocking"]),
        .target(name: "Binance", dependencies: ["COpenSSL", "HTTP", "Blocking", "WardenCore"]),

        .target(
            name: "WardenServices",
            dependencies: [
                "WardenCore", "Systemd", "Redis", "HTTP", "Binance", "Blocking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The local Binance USDⓈ-M–compatible paper exchange (demo, tests, rehearsals).
        .target(
            name: "PaperExchange",
            dependencies: [
                "WardenCore", "Binance", "Blocking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // `warden demo`: the whole job on one machine (private redis-server, paper exchange, receiver).
        .target(
            name: "WardenDemo",
            dependencies: [
                "WardenCore", "WardenServices", "Redis", "HTTP", "Binance", "Blocking", "PaperExchange",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "warden",
            dependencies: [
                "WardenCore", "WardenServices", "Systemd", "HTTP", "Redis", "Binance", "PaperExchange", "WardenDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Stage costs of the exit-monitor paths, for `make bench` findings (not a product).
        .executableTarget(
            name: "WardenBench",
            dependencies: [
                "WardenCore", "WardenServices", "Redis", "Systemd",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test launchers and fixtures (not a product).
        .target(name: "WardenTestSupport", dependencies: ["Blocking"]),

        .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore"]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", "WardenTestSupport"]),
        .testTarget(name: "RedisTests", dependencies: ["Redis", "WardenTestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "WardenTestSupport"]),
        .testTarget(name: "BinanceTests", dependencies: ["Binance", "WardenCore", "WardenTestSupport"]),
        .testTarget(name: "WardenTests", dependencies: ["WardenTestSupport", "Systemd", "WardenCore", "HTTP", "Redis"]),
        .testTarget(
            name: "PaperExchangeTests",
            dependencies: [
                "PaperExchange", "Binance", "HTTP", "WardenCore", "WardenTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WardenServicesTests",
            dependencies: [
                "WardenServices", "WardenCore", "Redis", "Binance", "WardenTestSupport", "PaperExchange", "HTTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
    ]
)

for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    target.swiftSettings = settings
}
