/// The exit monitor's state machine: every open position, its levels and its exit in progress.
///
/// Inputs are fills, prices, exchange snapshots and the passage of time; each returns the
/// ``Action``s the service must carry out, in order. The book itself does no I/O.
public struct PositionBook: Sendable {
    /// Every position, by key. Changed only through ``store(_:_:)``, which keeps ``pendingExits`` in step.
    public private(set) var positions: [PositionKey: Position] = [:]
    /// Keys of positions with a close in progress: the only ones the exit check has to look at.
    public private(set) var pendingExits: Set<PositionKey> = []
    /// Each symbol with an open position and the earliest `openedAt` among its positions, kept in
    /// step by ``store(_:_:)`` so the supervisor's 5-second pass need not walk every position.
    public private(set) var openSince: [String: WallTime] = [:]
    /// How many times a symbol has left ``openSince`` (lets readers skip pruning when nothing left).
    public private(set) var symbolsClosed = 0
    /// Positions that broke an invariant when stored, and which (see ``inconsistency()``).
    private var faults: [PositionKey: String] = [:]
    public var policy: ExitPolicy
    /// How long a close intent may stay unconfirmed before one re-send, and again before escalation.
    public var confirmTimeout: Duration
    /// Hedge mode keys positions by symbol and side; one-way mode by symbol only.
    public var hedgeMode: Bool

    public init(policy: ExitPolicy, confirmTimeout: Duration = .seconds(20), hedgeMode: Bool = false) {
        self.policy = policy
        self.confirmTimeout = confirmTimeout
        self.hedgeMode = hedgeMode
    }

    /// What the service must do.
    public enum Action: Sendable, Hashable {
        /// A new position: persist its metadata.
        case tracked(Position)
        /// Metadata changed (levels, exit state): persist it.
        case updated(Position)
        /// The position left the book: delete its metadata and log one line.
        case removed(Position, RemovalReason)
        /// Publish this close intent (first attempt).
        case sendIntent(CloseIntent)
        /// The first intent was not confirmed in time: publish this one (new intent id) and warn.
        case resendIntent(CloseIntent)
        /// The re-send was not confirmed either: the exit path is broken for this position.
        case exitPathBroken(Position)
    }

    /// Why a position left the book.
    public enum RemovalReason: String, Sendable, Hashable {
        case flatOnExchange = "flat_on_exchange"
        case closedByFill = "closed_by_fill"
    }

    public var count: Int { positions.count }

    /// Sets (or with nil, removes) the position at `key`, keeping the pending-exit index in step.
    mutating func store(_ key: PositionKey, _ position: Position?) {
        let old = if let position { positions.updateValue(position, forKey: key) } else { positions.removeValue(forKey: key) }
        if let fault = position.flatMap({ Self.fault($0, at: key) }) {
            faults[key] = fault
        } else if !faults.isEmpty {
            faults.removeValue(forKey: key)
        }
        if position?.exit != nil { pendingExits.insert(key) } else if old?.exit != nil { pendingExits.remove(key) }
        guard old?.openedAt != position?.openedAt else { return }
        if let position, old == nil {
            // A new position can only make its symbol's earliest open time earlier.
            openSince[key.symbol] = min(openSince[key.symbol] ?? position.openedAt, position.openedAt)
            return
        }
        // A symbol's positions live under its one-way key or its two hedge keys (all three are
        // looked at, so a hedge-mode switch with positions stored the other way stays correct).
        let symbol = key.symbol
        var earliest: WallTime?
        for k in [PositionKey(symbol: symbol), PositionKey(symbol: symbol, hedgeSide: .long),
                  PositionKey(symbol: symbol, hedgeSide: .short)] {
            if let p = positions[k] { earliest = min(earliest ?? p.openedAt, p.openedAt) }
        }
        if let earliest {
            openSince[symbol] = earliest
        } else if openSince.removeValue(forKey: symbol) != nil {
            symbolsClosed += 1
        }
    }

    public func position(_ key: PositionKey) -> Position? { positions[key] }

    /// Whether any position on `symbol` is open.
    public func holds(_ symbol: String) -> Bool {
        // Asked for every tick: looked up directly, without the array `keys(for:)` builds.
        hedgeMode
            ? positions[PositionKey(symbol: symbol, hedgeSide: .long)] != nil
                || positions[PositionKey(symbol: symbol, hedgeSide: .short)] != nil
            : positions[PositionKey(symbol: symbol)] != nil
    }

    /// Keys holding `symbol` (one in one-way mode, up to two in hedge mode).
    func keys(for symbol: String) -> [PositionKey] {
        hedgeMode
            ? [PositionKey(symbol: symbol, hedgeSide: .long), PositionKey(symbol: symbol, hedgeSide: .short)]
            : [PositionKey(symbol: symbol)]
    }

    func key(symbol: String, side: PositionSide) -> PositionKey {
        PositionKey(symbol: symbol, hedgeSide: hedgeMode ? side : nil)
    }
}

extension PositionBook {
    /// The first broken invariant, if any: a value no input can produce (inputs are validated),
    /// so finding one means a bug. The watchdog answers it with `WATCHDOG=trigger`.
    ///
    /// Every position is checked as ``store(_:_:)`` writes it, and a broken one is remembered
    /// while its key holds it: the watchdog's question costs nothing, however large the book
    /// (walking 10,000 positions every interval was a visible share of Warden's idle CPU).
    public func inconsistency() -> String? {
        faults.min { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    }

    /// What is wrong with `p` stored under `key`, if anything.
    static func fault(_ p: Position, at key: PositionKey) -> String? {
        func valid(_ v: Double) -> Bool { v.isFinite && v > 0 }
        guard valid(p.quantity), valid(p.entryPrice), valid(p.leverage), valid(p.takeProfit), valid(p.stopLoss),
              valid(p.waterMark) else { return "a non-finite or non-positive value" }
        if key != p.key || key.symbol != p.symbol { return "stored under another key" }
        if let side = key.hedgeSide, side != p.side { return "hedge side differs from the position's side" }
        return nil
    }
}
