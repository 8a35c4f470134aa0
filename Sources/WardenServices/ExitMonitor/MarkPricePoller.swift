import Blocking
public import Binance
import Logging
public import ServiceLifecycle
import WardenCore

/// Polls Binance `premiumIndex` (one call for every symbol) so exits fire even when the
/// `price.update` stream is silent. While the exchange fails, it is asked every `downInterval`
/// (5 s) instead: a refused or timed-out call every second costs CPU and says nothing new, and
/// the price stream goes on meanwhile.
public struct MarkPricePoller: Service {
    static let downInterval: Duration = .seconds(5)

    let interval: Duration
    let exchange: BinanceClient
    let loop: BookLoop

    public init(interval: Duration, exchange: BinanceClient, loop: BookLoop) {
        self.interval = interval
        self.exchange = exchange
        self.loop = loop
    }

    public func run() async {
        let downInterval = max(interval, Self.downInterval)
        var exchangeOutage = Outage(logger: loop.logger, what: "mark prices (Binance premiumIndex)",
                                    retry: "every \(downInterval.components.seconds) s")
        var pending = PendingWrites(logger: loop.logger, what: "close intents from mark prices (Redis)")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if await loop.monitor.hasOpenPositions {
                do {
                    // All symbols in one call; the monitor ignores the ones it does not hold.
                    let prices = try await exchange.markPrices()
                    exchangeOutage.recovered()
                    pending.actions += await loop.monitor.prices(prices, now: WallTime(milliseconds: SystemTime.milliseconds()))
                } catch {
                    exchangeOutage.failed("\(error)")
                }
            }
            let written = await pending.flush(loop)
            loop.progress.report(exchangeOutage.isDown || !written ? .dependencyDown : .cycled)
            await Pause.untilNextTick(of: exchangeOutage.isDown ? downInterval : interval)
        }
    }
}
