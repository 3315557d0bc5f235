// The role listing's threads: every account's roles, pages followed, 429s retried, and never
// more requests at once than the bound, against an in-process portal that counts them.
import Foundation
@testable import RoleshCore
import Testing

/// A portal of `accounts` accounts with two roles each, `pageSize` items per page, that
/// answers every `throttleEvery`th request 429 and records how many requests overlap.
private final class CountingPortal: HTTPTransport, @unchecked Sendable {
    let accounts: Int
    let pageSize: Int
    let throttleEvery: Int
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var requests = 0
    private(set) var throttled = 0

    init(accounts: Int, pageSize: Int, throttleEvery: Int) {
        self.accounts = accounts
        self.pageSize = pageSize
        self.throttleEvery = throttleEvery
    }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        let number: Int = lock.withLock {
            inFlight += 1
            requests += 1
            maxInFlight = max(maxInFlight, inFlight)
            return requests
        }
        defer { lock.withLock { inFlight -= 1 } }
        usleep(2_000)
        if throttleEvery > 0 && number % throttleEvery == 0 {
            lock.withLock { throttled += 1 }
            return HTTPResponse(status: 429, body: Array(#"{"message":"slow down"}"#.utf8))
        }
        let components = URLComponents(string: request.url)!
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let start = Int(query["next_token"] ?? "0")!
        let items: [String]
        let key: String
        if components.path == "/assignment/accounts" {
            key = "accountList"
            items = (0..<accounts).map { #"{"accountId":"\#(String(format: "%012d", $0))","accountName":"Account \#($0)"}"# }
        } else {
            key = "roleList"
            let account = query["account_id"]!
            items = ["Admin", "ReadOnly"].map { #"{"roleName":"\#($0)","accountId":"\#(account)"}"# }
        }
        let page = items[min(start, items.count)..<min(start + pageSize, items.count)]
        let next = start + pageSize < items.count ? #","nextToken":"\#(start + pageSize)""# : ""
        return HTTPResponse(status: 200, body: Array(#"{"\#(key)":[\#(page.joined(separator: ","))]\#(next)}"#.utf8))
    }
}

@Test func every_account_and_role_is_listed_with_a_bound_on_requests_in_flight() throws {
    let transport = CountingPortal(accounts: 250, pageSize: 1, throttleEvery: 9)
    let portal = SSOPortal(transport: transport, endpoint: "http://portal.test", pause: { _ in })
    let progress = Locked<[Int]>([])
    let assignments = try SSORoleListing.assignments(portal: portal, token: "t", session: "corp", concurrency: 6,
                                                     progress: { done, total in
                                                         #expect(total == 250)
                                                         progress.withLock { $0.append(done) }
                                                     })
    #expect(assignments.count == 500)
    #expect(Set(assignments.map(\.accountID)).count == 250)
    #expect(assignments.first == SSORoleAssignment(accountID: "000000000000", accountName: "Account 0", roleName: "Admin"))
    #expect(transport.maxInFlight <= 6)
    #expect(transport.maxInFlight >= 2, "the listing ran one request at a time")
    #expect(transport.throttled > 0)
    #expect(progress.withLock { $0 } == Array(0...250))
}

@Test func the_first_failure_stops_the_listing_and_is_thrown() throws {
    // Every request throttled: the retries run out on the first request.
    let transport = CountingPortal(accounts: 3, pageSize: 100, throttleEvery: 1)
    let portal = SSOPortal(transport: transport, endpoint: "http://portal.test", pause: { _ in })
    #expect(throws: SSOError.service(operation: "ListAccounts", code: "HTTP 429", message: "slow down")) {
        try SSORoleListing.assignments(portal: portal, token: "t", session: "corp")
    }
    #expect(transport.requests == SSORoleListing.attempts)
}

@Test func worker_threads_return_results_in_order_and_stop_at_an_error() throws {
    let squares = try WorkerThreads.map(count: 100, threads: 7) { $0 * $0 }
    #expect(squares == (0..<100).map { $0 * $0 })
    struct Failure: Error {}
    let ran = Locked(0)
    #expect(throws: Failure.self) {
        try WorkerThreads.map(count: 1000, threads: 4) { index -> Int in
            ran.withLock { $0 += 1 }
            if index == 5 { throw Failure() }
            usleep(1_000)
            return index
        }
    }
    #expect(ran.withLock { $0 } < 1000)
    #expect(try WorkerThreads.map(count: 0, threads: 4) { $0 }.isEmpty)
}
