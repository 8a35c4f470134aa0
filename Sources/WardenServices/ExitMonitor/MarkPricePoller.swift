import Blocking
public import Binance
public import Logging
public import Redis
public import ServiceLifecycle
public import WardenCore

/// Polls Binance `premiumIndex` (one call for every symbol) so exits fire even when the
/// `price.update` stream is silent.
public struct MarkPricePoller: Service {
    let interval: Duration
    let exchange: BinanceClient
    let redis: RedisClient
    let monitor: ExitMonitor
    let writer: BookActionWriter
    let progress: ProgressReporter
    let logger: Logger

    public init(interval: Duration, exchange: BinanceClient, redis: RedisClient, monitor: ExitMonitor,
                writer: BookActionWriter, progress: ProgressReporter, logger: Logger) {
        self.interval = interval
        self.exchange = exchange
        self.redis = redis
        self.monitor = monitor
        self.writer = writer
        self.progress = progress
        self.logger = logger
    }

    public func run() async {
        var exchangeOutage = Outage(logger: logger, what: "mark prices (Binance premiumIndex)")
        var redisOutage = Outage(logger: logger, what: "close intents from mark prices (Redis)")
        var pending: [PositionBook.Action] = []
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            let open = await monitor.openSymbols
            if !open.isEmpty {
                do {
                    let prices = try await exchange.markPrices()
                    exchangeOutage.recovered()
                    let updates = prices.filter { open.contains($0.symbol) }
                        .map { PriceUpdate(symbol: $0.symbol, price: $0.price, time: $0.time) }
                    pending += await monitor.prices(updates, now: WallTime(milliseconds: SystemTime.milliseconds()))
                } catch {
                    exchangeOutage.failed("\(error)")
                }
            }
            if !pending.isEmpty {
                do {
                    try await writer.write(pending, on: redis)
                    pending = []
                    redisOutage.recovered()
                } catch {
                    redisOutage.failed("\(error)")
                }
            }
            progress.report(exchangeOutage.isDown || redisOutage.isDown ? .dependencyDown : .cycled)
            await Pause.until(started + interval)
        }
    }
}
