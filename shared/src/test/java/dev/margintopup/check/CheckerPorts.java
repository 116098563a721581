package dev.margintopup.check;

import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.TestClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * A checker on in-memory ports and a scripted venue, with every call that would be an AWS call
 * counted: ledger calls, secret reads and bus batches.
 */
final class CheckerPorts {

    final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:00:00Z"));
    final InMemoryLedger memory = new InMemoryLedger(clock, Duration.ofDays(365));
    final AtomicInteger ledgerCalls = new AtomicInteger();
    final Ledger ledger = counting(memory, ledgerCalls);
    final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    final AtomicInteger secretReads = new AtomicInteger();
    final ScriptedVenue venue;
    private final SecretsManagerClient secrets;
    final CheckService checks;

    CheckerPorts(ScriptedVenue.Margin margin) {
        this.venue = new ScriptedVenue(clock, margin);
        SecretsManagerClient secrets = new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                secretReads.incrementAndGet();
                return GetSecretValueResponse.builder()
                        .secretString("{\"apiKey\":\"k-1234567890\",\"apiSecret\":\"s-1234567890\"}").build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {}
        };
        this.secrets = secrets;
        this.checks = anotherContainer();
    }

    /** A checker as a new container would build it: the same ports, nothing remembered yet. */
    CheckService anotherContainer() {
        return new CheckService(Accounts.VALIDATOR, new SecretsCache(secrets, clock),
                (account, credentials) -> venue, ledger, bus, clock);
    }

    /** Every AWS call the checker made so far: ledger calls, secret reads, bus batches. */
    int awsCalls() {
        return ledgerCalls.get() + secretReads.get() + bus.batches();
    }

    private static Ledger counting(Ledger ledger, AtomicInteger calls) {
        return (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                (proxy, method, args) -> {
                    calls.incrementAndGet();
                    try {
                        return method.invoke(ledger, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
