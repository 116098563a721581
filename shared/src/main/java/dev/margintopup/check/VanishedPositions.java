package dev.margintopup.check;

import dev.margintopup.venue.MarginQuery;
import dev.margintopup.account.AccountConfig;
import dev.margintopup.alert.Severity;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.bus.PositionClosed;
import dev.margintopup.bus.PositionLiquidated;
import dev.margintopup.ledger.AccountState;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.VenueException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A position that vanishes while its account is at risk (its last {@code MarginAtRisk} still open)
 * or topping up (an intent open) is reported once: {@code PositionLiquidated}, or
 * {@code PositionClosed} when the venue's records say its owner closed it. Without this, the check
 * after a liquidation would see nothing to protect and say nothing at all.
 *
 * <p>No-op checks stay free: the ledger is read only when this container saw a position at the
 * account's last check (or has not checked the account yet) and the venue now reports none; the
 * venue is asked how the position ended only when the ledger says the account was at risk.
 */
final class VanishedPositions {

    private static final Logger LOG = LoggerFactory.getLogger(VanishedPositions.class);

    /** The venue's records are searched from this long before the episode began, for clock skew. */
    private static final Duration LOOKBACK = Duration.ofMinutes(1);

    private final Ledger ledger;
    private final EventPublisher bus;
    private final Clock clock;
    /** Per account, whether the last check in this container saw a position; absent: not checked here yet. */
    private final Map<String, Boolean> sawPosition = new ConcurrentHashMap<>();

    VanishedPositions(Ledger ledger, EventPublisher bus, Clock clock) {
        this.ledger = ledger;
        this.bus = bus;
        this.clock = clock;
    }

    /** The account has a position now: if it vanishes, the next check looks at why. */
    void seen(String accountId) {
        sawPosition.put(accountId, Boolean.TRUE);
    }

    /**
     * Called when the venue reports no position behind the account. Reports it when it vanished
     * while at risk and nobody reported it yet; returns what was reported.
     */
    Optional<String> reportIfVanished(CheckId check, AccountConfig account, Supplier<MarginVenue> venue) {
        String accountId = account.accountId();
        if (Boolean.FALSE.equals(sawPosition.get(accountId))) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        AccountState state = ledger.state(accountId);
        String episode = state.atRiskEpisode(now);
        if (episode == null) {
            sawPosition.put(accountId, Boolean.FALSE);
            return Optional.empty();
        }
        Instant episodeStart = episodeStart(state, now);
        PositionEnd end = howItEnded(account, venue, episodeStart.minus(LOOKBACK));
        if (!ledger.claimPositionGone(accountId, episode, episodeStart, now)) {
            sawPosition.put(accountId, Boolean.FALSE);
            return Optional.empty();
        }
        DomainEvent event = event(check, account, state, end, now);
        bus.publish(event);
        ledger.audit(accountId, end.how() == PositionEnd.How.CLOSED ? "POSITION_CLOSED" : "POSITION_LIQUIDATED",
                state.openIntentId(), Ledger.details("checkId", check.value(), "episode", episode,
                        "cause", cause(event)));
        sawPosition.put(accountId, Boolean.FALSE);
        LOG.warn("position gone while at risk: {} ({})", event.detailType(), episode);
        return Optional.of(event.detailType() + " published");
    }

    /** Asks the venue once; a venue that cannot be read now leaves the cause unknown rather than the report unsent. */
    private static PositionEnd howItEnded(AccountConfig account, Supplier<MarginVenue> venue, Instant since) {
        try {
            return venue.get().positionEnd(MarginQuery.of(account), since);
        } catch (VenueException e) {
            LOG.warn("the venue could not say how the position ended; reported as cause unknown: {}", e.getMessage());
            return PositionEnd.unknown();
        }
    }

    /**
     * The start of what put the account at risk: the earlier of the open alert and the acting check
     * of the open intent. The earlier one, so that a retry that finds the intent closed and only the
     * alert left still dates the episode before the claim it already made.
     */
    private static Instant episodeStart(AccountState state, Instant now) {
        Instant start = now;
        if (state.openIntentId() != null && state.lastCheckAt() != null && state.lastCheckAt().isBefore(start)) {
            start = state.lastCheckAt();
        }
        if (state.lastAlert() != null && state.lastAlert().at().isBefore(start)) {
            start = state.lastAlert().at();
        }
        return start;
    }

    private static DomainEvent event(CheckId check, AccountConfig account, AccountState state, PositionEnd end,
            Instant now) {
        String symbol = end.symbol() != null ? end.symbol() : account.symbol();
        Severity lastSeverity = state.lastAlert() == null ? null : state.lastAlert().severity();
        if (end.how() == PositionEnd.How.CLOSED) {
            return new DomainEvent(new PositionClosed(account.accountId(), check.value(), account.venue(),
                    account.marginMode().itemValue(), symbol, state.lastRatio(), lastSeverity, state.openIntentId(),
                    now));
        }
        return new DomainEvent(new PositionLiquidated(account.accountId(), check.value(), account.venue(),
                account.marginMode().itemValue(), symbol,
                end.how() == PositionEnd.How.LIQUIDATED
                        ? PositionLiquidated.CAUSE_LIQUIDATION : PositionLiquidated.CAUSE_UNKNOWN,
                end.price(), end.at(), state.lastRatio(), lastSeverity, state.openIntentId(), now));
    }

    private static String cause(DomainEvent event) {
        return event.detail() instanceof PositionLiquidated liquidated ? liquidated.cause() : "closed";
    }
}
