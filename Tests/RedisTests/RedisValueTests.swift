import Redis
import Testing

struct RedisValueTests {
    @Test
    func nilReplyIsDistinctFromZeroAndEmpty() {
        #expect(RedisValue.null.isNull)
        #expect(RedisValue.null.string == nil)
        #expect(RedisValue.null.int == nil)
        #expect(RedisValue.null.array == nil)
        #expect(!RedisValue.bulk([]).isNull)
        #expect(RedisValue.bulk([]).string == "")
        #expect(!RedisValue.integer(0).isNull)
        #expect(RedisValue.integer(0).int == 0)
        #expect(RedisValue.array([]).array == [])
        #expect(RedisValue.null != .bulk([]) && RedisValue.null != .integer(0) && RedisValue.null != .array([]))
    }

    @Test(arguments: [
        (RedisValue.bulk(Array("héllo".utf8)), "héllo" as String?),
        (.status("OK"), "OK"),
        (.bulk([0x66, 0xFF, 0x6F]), nil),
        (.error("ERR boom"), nil),
        (.integer(7), nil),
    ])
    func stringValidatesUTF8(value: RedisValue, expected: String?) {
        #expect(value.string == expected)
    }

    @Test(arguments: [
        (RedisValue.integer(-12), -12 as Int?),
        (.bulk(Array("42".utf8)), 42),
        (.bulk(Array("4x".utf8)), nil),
        (.status("5"), 5),
        (.array([.integer(1)]), nil),
    ])
    func intReadsIntegersAndDecimalStrings(value: RedisValue, expected: Int?) {
        #expect(value.int == expected)
    }
}
