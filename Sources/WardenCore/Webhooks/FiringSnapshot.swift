/// The file that carries firing alerts across a restart: each alert (as the outbox stores it) and
/// when each route was last told. Version 1:
/// `{"v":1,"alerts":[{"alert":{…},"told":{"<route>":<ms>,…}},…]}`.
public enum FiringSnapshot {
    public static func encode(_ entries: [AlertRouting.StateMachine.Remembered]) -> [UInt8] {
        let alerts: [JSONValue] = entries.map { entry in
            .object(["alert": OutboxRecord.json(entry.alert),
                     "told": .object(entry.told.mapValues { .number(Double($0.milliseconds)) })])
        }
        return Array(JSONValue.object(["v": .number(1), "alerts": .array(alerts)]).jsonText.utf8)
    }

    /// The entries of a snapshot; nil when the file is not one (damaged, another version).
    /// Entries this build cannot read (an alert name it does not know) are skipped.
    public static func parse(_ bytes: some Collection<UInt8>) -> [AlertRouting.StateMachine.Remembered]? {
        guard let v = JSONValue.parse(bytes), v["v"] == .number(1), case .array(let items)? = v["alerts"] else { return nil }
        return items.compactMap { item in
            guard let alert = OutboxRecord.alert(item["alert"]), case .object(let told)? = item["told"] else { return nil }
            return .init(alert: alert, told: told.compactMapValues { OutboxRecord.millis($0) })
        }
    }
}
