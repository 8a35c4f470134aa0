import Blocking
public import Binance
import Logging
import Redis
public import ServiceLifecycle
import WardenCore

/// Loads the book: Warden's own metadata from Redis (once), then the exchange's positions at
/// start and every `exit.bootstrap_interval_s`, merged so that nothing Warden owns is overwritten.
public struct PositionBootstrap: Service {
    let interval: Duration
    let exchange: BinanceClient
    let loop: BookLoop
    let onFirstLoad: @Sendable () async -> Void
    var redis: RedisClient { loop.redis }
    var monitor: ExitMonitor { loop.monitor }
    var logger: Logger { loop.logger }

    /// - Parameter onFirstLoad: called once, after the first cycle that loaded the saved metadata
    ///   (and the exchange positions, when the exchange answered).
    public init(interval: Duration, exchange: BinanceClient, loop: BookLoop,
                onFirstLoad: @escaping @Sendable () async -> Void = {}) {
        self.interval = interval
        self.exchange = exchange
        self.loop = loop
        self.onFirstLoad = onFirstLoad
    }

    public func run() async {
        var restored = false
        var announced = false
        var redisOutage = Outage(logger: logger, what: "saved position metadata (Redis)")
        var exchangeOutage = Outage(logger: logger, what: "positions (Binance positionRisk)")
        var modeKnown = false
        var warnedNoCredentials = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = ContinuousClock.now
            if !restored {
                do {
                    let saved = try await savedPositions()
                    await monitor.restore(saved)
                    // Positions adopted from the exchange while Redis was away are saved now.
                    let current = await monitor.book.positions.values.map { PositionBook.Action.updated($0) }
                    try await loop.writer.write(current, on: redis)
                    restored = true
                    redisOutage.recovered()
                    if !saved.isEmpty { logger.notice("position metadata restored", metadata: ["count": "\(saved.count)"]) }
                } catch {
                    redisOutage.failed("\(error)")
                }
            }
            var exchangeOK = false
            do {
                if !modeKnown {
                    await monitor.setHedgeMode(try await exchange.dualSidePosition())
                    modeKnown = true
                }
                // The server-time offset, refreshed every cycle (a -1021 also resyncs).
                _ = try? await exchange.syncTime()
                let snapshotTime = WallTime(milliseconds: SystemTime.milliseconds())
                let positions = try await exchange.positionRisk()
                let actions = await monitor.merge(exchange: positions, snapshotTime: snapshotTime,
                                                  now: WallTime(milliseconds: SystemTime.milliseconds()))
                exchangeOutage.recovered()
                exchangeOK = true
                if restored { try await loop.writer.write(actions, on: redis) } else { loop.writer.log(actions) }
            } catch let e as Binance.Error where e.reason == .noCredentials {
                // Not an outage: a configuration. Said once; the execution stream still feeds the book.
                if !warnedNoCredentials {
                    warnedNoCredentials = true
                    logger.warning("no Binance API key and secret: positions come from the execution stream only",
                                   metadata: ["warden.event": "NO_EXCHANGE_CREDENTIALS"])
                }
            } catch let e as Binance.Error {
                exchangeOutage.failed("\(e)")
            } catch {
                redisOutage.failed("\(error)")
            }
            if restored, !announced {
                announced = true
                if !exchangeOK, !warnedNoCredentials { logger.warning("started without the exchange's positions; retrying every interval") }
                await onFirstLoad()
            }
            loop.progress.report(redisOutage.isDown || exchangeOutage.isDown ? .dependencyDown : .cycled)
            // Retry sooner while something is missing; then the configured interval.
            let wait = (restored && (exchangeOK || warnedNoCredentials)) ? interval : min(interval, .seconds(2))
            await Pause.until(started + wait)
        }
    }

    func savedPositions() async throws(Redis.Error) -> [Position] {
        let reply = try await redis.command(["HGETALL", BookActionWriter.positionsKey])
        let flat = reply.array ?? []
        var out: [Position] = []
        var i = 0
        while i + 1 < flat.count {
            if let text = flat[i + 1].string, let p = PositionRecord.decode(text) { out.append(p) }
            i += 2
        }
        return out
    }
}
