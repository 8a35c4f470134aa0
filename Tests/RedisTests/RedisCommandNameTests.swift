@testable import Redis
import Testing

/// The command name given to the latency metrics for every call.
struct RedisCommandNameTests {
    @Test(arguments: [
        (["xadd", "s", "*"], "XADD"), (["XReadGroup"], "XREADGROUP"), (["hset"], "HSET"), ([], ""),
        (["config|get"], "CONFIG|GET"), ([String(repeating: "a", count: 40)], String(repeating: "A", count: 32)),
        (["zé"], "Zé"),
    ])
    func nameIsTheFirstArgumentWithASCIILettersUpperCased(arguments: [String], expected: String) {
        #expect(RedisClient.commandName(arguments.map { Array($0.utf8) }) == expected)
    }
}
