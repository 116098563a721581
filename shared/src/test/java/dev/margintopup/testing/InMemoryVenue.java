package dev.margintopup.testing;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One margin account on a venue, in memory, for the services' unit tests: a margin balance, a
 * maintenance margin and a source wallet; transfers move money between them once per client id,
 * and the transfer history answers lookups by client id. Faults are scripted per call: a lost
 * answer after the venue applied the transfer, a request that never arrived, a refusal, an
 * unreadable history. Real adapters are proven over HTTP against the paper venue and the
 * dialect servers; this fake only has to be honest about money.
 */
public final class InMemoryVenue implements MarginVenue, VenueConnector {

    /** What happens to the next transfer request. */
    public enum TransferFault {
        /** The venue applies it and the answer is lost on the way back. */
        APPLIED_ANSWER_LOST,
        /** The request is lost before the venue sees it; the caller cannot tell. */
        REQUEST_LOST
    }

    private final Clock clock;
    private BigDecimal marginBalance = new BigDecimal("1000");
    private BigDecimal maintenance = BigDecimal.ZERO;
    private BigDecimal sourceFree = new BigDecimal("100000");
    /** Wallets given a balance of their own; any other source wallet holds {@link #sourceFree}. */
    private final Map<String, BigDecimal> wallets = new LinkedHashMap<>();
    private Duration reconcileGrace = Duration.ZERO;
    private final Map<String, String> transfers = new LinkedHashMap<>();
    private final Deque<Object> transferPlan = new ArrayDeque<>();
    private final Deque<VenueException> readFailures = new ArrayDeque<>();
    private final Deque<VenueException> sourceReadFailures = new ArrayDeque<>();
    private final List<VenueCredentials> connectedWith = new ArrayList<>();
    private String historyUnreadable;
    private VenueException connectFailure;
    private final Map<String, String> walletLegsOnly = new LinkedHashMap<>();
    private int transferRequests;
    private int finishRequests;
    private int reads;
    private List<Position> positions = List.of();
    private int sourceReads;

    public InMemoryVenue(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- what a test sets up

    /** Sets the margin so that its ratio is {@code maintenance ÷ balance}. */
    public InMemoryVenue margin(String balance, String maintenanceMargin) {
        this.marginBalance = new BigDecimal(balance);
        this.maintenance = new BigDecimal(maintenanceMargin);
        return this;
    }

    /** The positions the margin carries, as the venue reports them with every read. */
    public synchronized InMemoryVenue positions(Position... held) {
        this.positions = List.of(held);
        return this;
    }

    public InMemoryVenue sourceFree(String free) {
        this.sourceFree = new BigDecimal(free);
        return this;
    }

    /** Gives one source wallet a free balance of its own, drawn on by transfers from it alone. */
    public synchronized InMemoryVenue wallet(String wallet, String free) {
        wallets.put(wallet, new BigDecimal(free));
        return this;
    }

    public synchronized BigDecimal wallet(String wallet) {
        return wallets.getOrDefault(wallet, sourceFree);
    }

    public InMemoryVenue reconcileGrace(Duration grace) {
        this.reconcileGrace = grace;
        return this;
    }

    /** The next transfer request meets this fault; later ones go through. */
    public InMemoryVenue nextTransfer(TransferFault fault) {
        transferPlan.add(fault);
        return this;
    }

    /** The next transfer request is refused with this error; nothing moves. */
    public InMemoryVenue nextTransferRefused(VenueException.Kind kind) {
        transferPlan.add(error(kind, "/transfer", "refused by the test"));
        return this;
    }

    /** The next margin read fails with this kind of error. */
    public InMemoryVenue nextReadFails(VenueException.Kind kind) {
        readFailures.add(error(kind, "/margin", "read failed in the test"));
        return this;
    }

    /** The next read of a source wallet's balance fails with this kind of error. */
    public InMemoryVenue nextSourceReadFails(VenueException.Kind kind) {
        sourceReadFailures.add(error(kind, "/wallet", "source read failed in the test"));
        return this;
    }

    /** Lookups answer "cannot tell" with this reason, or answer again when {@code null}. */
    public InMemoryVenue historyUnreadable(String reason) {
        this.historyUnreadable = reason;
        return this;
    }

    /** Connecting fails with this error (e.g. the adapter rejects the endpoint), or works when {@code null}. */
    public InMemoryVenue connectFails(VenueException.Kind kind) {
        this.connectFailure = kind == null ? null : error(kind, "/connect", "cannot connect in the test");
        return this;
    }

    /** A transfer the venue applied without us hearing of it (a previous container's attempt). */
    public InMemoryVenue applied(String clientId, String amount) {
        move(clientId, null, new BigDecimal(amount));
        return this;
    }

    /**
     * A two-leg top-up a previous container left between its legs: the source wallet paid
     * {@code amount} under wallet transfer {@code walletTransferId}, and the margin has not got it.
     */
    public synchronized InMemoryVenue walletLegOnly(String clientId, String walletTransferId, String amount) {
        walletLegsOnly.put(clientId, walletTransferId);
        sourceFree = sourceFree.subtract(new BigDecimal(amount));
        return this;
    }

    // ---------------------------------------------------------------- what a test reads

    public synchronized Map<String, String> transfers() {
        return Map.copyOf(transfers);
    }

    public synchronized int transferRequests() {
        return transferRequests;
    }

    public synchronized int finishRequests() {
        return finishRequests;
    }

    public synchronized int reads() {
        return reads;
    }

    /** How many times a source wallet's balance was read. */
    public synchronized int sourceReads() {
        return sourceReads;
    }

    public synchronized BigDecimal marginBalance() {
        return marginBalance;
    }

    public synchronized List<VenueCredentials> connectedWith() {
        return List.copyOf(connectedWith);
    }

    // ---------------------------------------------------------------- the ports

    @Override
    public synchronized MarginVenue connect(AccountConfig account, VenueCredentials credentials) {
        connectedWith.add(credentials);
        if (connectFailure != null) {
            throw connectFailure;
        }
        return this;
    }

    @Override
    public String name() {
        return "paper";
    }

    @Override
    public synchronized MarginSnapshot readMargin(MarginQuery query) {
        reads++;
        VenueException failure = readFailures.poll();
        if (failure != null) {
            throw failure;
        }
        return new MarginSnapshot(name(), clock.instant(), query.asset(), marginBalance, maintenance, null,
                new BigDecimal("0.01"), null, null, positions);
    }

    @Override
    public synchronized BigDecimal sourceFree(SourceQuery query) {
        sourceReads++;
        VenueException failure = sourceReadFailures.poll();
        if (failure != null) {
            throw failure;
        }
        return wallet(query.wallet());
    }

    @Override
    public synchronized TransferReceipt transferToMargin(TransferInstruction instruction) {
        transferRequests++;
        Object planned = transferPlan.poll();
        if (planned instanceof VenueException refused) {
            throw refused;
        }
        if (planned == TransferFault.REQUEST_LOST) {
            throw error(VenueException.Kind.OUTCOME_UNKNOWN, "/transfer", "no answer");
        }
        if (instruction.amount().compareTo(wallet(instruction.fromWallet())) > 0) {
            throw error(VenueException.Kind.INSUFFICIENT_BALANCE, "/transfer", "source wallet cannot cover it");
        }
        String id = move(instruction.clientId(), instruction.fromWallet(), instruction.amount());
        if (planned == TransferFault.APPLIED_ANSWER_LOST) {
            throw error(VenueException.Kind.OUTCOME_UNKNOWN, "/transfer", "connection reset after sending");
        }
        return new TransferReceipt(id, true);
    }

    @Override
    public synchronized TransferLookup findTransfer(TransferInstruction instruction) {
        if (historyUnreadable != null) {
            return new TransferLookup.Unknown(historyUnreadable);
        }
        String walletLeg = walletLegsOnly.get(instruction.clientId());
        if (walletLeg != null) {
            return new TransferLookup.Unfinished(walletLeg, clock.instant());
        }
        String id = transfers.get(instruction.clientId());
        return id == null ? new TransferLookup.NotFound() : new TransferLookup.Found(id);
    }

    /** Sends the missing leg once: the margin gets what the wallet leg already took from the source. */
    @Override
    public synchronized TransferReceipt finishTransfer(TransferInstruction instruction,
            TransferLookup.Unfinished unfinished) {
        finishRequests++;
        Object planned = transferPlan.poll();
        if (planned instanceof VenueException refused) {
            throw refused;
        }
        if (walletLegsOnly.remove(instruction.clientId()) != null) {
            marginBalance = marginBalance.add(instruction.amount());
            transfers.put(instruction.clientId(), unfinished.walletTransferId());
        }
        return new TransferReceipt(unfinished.walletTransferId(), true);
    }

    @Override
    public Duration reconcileGrace() {
        return reconcileGrace;
    }

    /** Applies a transfer once per client id, as venues that honour client ids do. */
    private synchronized String move(String clientId, String fromWallet, BigDecimal amount) {
        return transfers.computeIfAbsent(clientId, id -> {
            if (fromWallet != null && wallets.containsKey(fromWallet)) {
                wallets.put(fromWallet, wallets.get(fromWallet).subtract(amount));
            } else {
                sourceFree = sourceFree.subtract(amount);
            }
            marginBalance = marginBalance.add(amount);
            return "paper-" + (transfers.size() + 1);
        });
    }

    private VenueException error(VenueException.Kind kind, String endpoint, String message) {
        return new VenueException(kind, name(), endpoint, null, message);
    }
}
