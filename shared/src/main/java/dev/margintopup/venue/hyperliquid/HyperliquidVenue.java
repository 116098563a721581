package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.MoneyMovingAnswer;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Hyperliquid (HyperCore perps) adapter. An account is an address with a spot and a perp USDC
 * balance; collateral moves from spot into the perp (cross) balance with the user-signed
 * {@code usdClassTransfer}, and from there into an isolated position with the L1 action
 * {@code updateIsolatedMargin}. There are no client ids: each action carries a nonce derived from
 * the intent ({@link HyperliquidNonce}), and the venue applies a signed action at most once. A
 * sweep goes the other way: out of an isolated position, then perp → spot.
 * See docs/venues/hyperliquid.md and docs/decisions/0024, 0025, 0028.
 *
 * <p>The secret's {@code apiKey} is the account's address and {@code apiSecret} its signing key.
 */
public final class HyperliquidVenue implements MarginVenue {

    public static final String NAME = "hyperliquid";
    public static final String PRODUCTION_URL = HyperliquidHttp.PRODUCTION_URL;
    public static final String TESTNET_URL = HyperliquidHttp.TESTNET_URL;
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** The only collateral and the only source wallet: USDC in the account's spot balance. */
    static final String ASSET = "USDC";
    static final String SOURCE = "SPOT";
    static final BigDecimal TRANSFER_STEP = new BigDecimal("0.01");
    /** USD amounts of L1 actions are whole micro-USDC. */
    static final int USD_DECIMALS = 6;
    /** The chain id the reference SDK signs user actions on; the venue takes it from the action. */
    static final String SIGNATURE_CHAIN_ID = "0x66eee";
    static final String USD_CLASS_TRANSFER = "HyperliquidTransaction:UsdClassTransfer";

    /** A ledger entry is looked for from this long before the intent was created, for clock drift. */
    static final Duration LEDGER_LOOKBACK = Duration.ofSeconds(60);
    /** Time-range info answers are capped; a full one without a match proves nothing. */
    static final int LEDGER_PAGE = 500;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final Redaction redaction;
    private final HyperliquidHttp http;
    private final String user;
    private final String signingKey;

    private volatile HyperliquidSigner signer;
    private volatile List<String> universe;

    public HyperliquidVenue(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock) {
        this(baseUrl, credentials, http, clock, REQUEST_TIMEOUT);
    }

    /** With a custom request timeout, so that fault tests need not wait five seconds. */
    public HyperliquidVenue(
            String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {
        this(new Connection(baseUrl, credentials, http, clock, requestTimeout));
    }

    private HyperliquidVenue(Connection connection) {
        String address = connection.credentials().apiKey().strip();
        if (!ADDRESS.matcher(address).matches()) {
            throw new VenueException(Kind.CONFIG, NAME, "(secret)", null, "the secret's apiKey must be the account's"
                    + " address, 0x and 40 hex digits (queries must name the account itself, never an API wallet)");
        }
        this.user = address.toLowerCase(Locale.ROOT);
        this.signingKey = connection.credentials().apiSecret();
        this.redaction = connection.redaction();
        this.http = new HyperliquidHttp(connection);
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- reading margin ----

    @Override
    public MarginSnapshot readMargin(MarginQuery query) {
        MarginMode mode = Objects.requireNonNull(query.mode(), "mode");
        requireUsdc(query.asset(), HyperliquidHttp.INFO);
        HyperliquidReader reader = new HyperliquidReader(HyperliquidHttp.INFO + " clearinghouseState", redaction);
        JsonNode state = reader.object(http.info("clearinghouseState", request("clearinghouseState")));
        Instant asOf = Instant.ofEpochMilli(reader.epochMillis(state, "time"));
        List<HyperliquidPositions.Open> open = HyperliquidPositions.read(reader, state);
        if (mode == MarginMode.CROSS) {
            // The venue's own cross figures: what it liquidates the cross account against.
            BigDecimal maintenance = reader.amount(state, "crossMaintenanceMarginUsed");
            BigDecimal accountValue = reader.amount(reader.child(state, "crossMarginSummary"), "accountValue");
            return snapshot(reader, asOf, accountValue, maintenance, null, null,
                    query.withPositions() ? HyperliquidPositions.cross(reader, open) : List.of());
        }
        Optional<HyperliquidPositions.Open> position = HyperliquidPositions.isolated(open, query.symbol());
        if (position.isEmpty()) {
            return snapshot(reader, asOf, BigDecimal.ZERO, BigDecimal.ZERO, null, null, List.of());
        }
        HyperliquidPositions.Open isolated = position.get();
        return snapshot(reader, asOf, isolated.isolatedEquity(), isolated.maintenance(), isolated.mark(),
                isolated.liquidationPrice(), List.of(isolated.position(reader)))
                .withMarginToKeep(isolated.marginToKeep());
    }

    private static MarginSnapshot snapshot(HyperliquidReader reader, Instant asOf, BigDecimal marginBalance,
            BigDecimal maintenance, BigDecimal markPx, BigDecimal liqPx, List<Position> positions) {
        try {
            return new MarginSnapshot(NAME, asOf, ASSET, marginBalance, maintenance, null, TRANSFER_STEP, markPx,
                    liqPx == null || liqPx.signum() <= 0 ? null : liqPx, positions);
        } catch (IllegalArgumentException e) {
            throw reader.bad(e.getMessage());
        }
    }

    /** USDC free in the spot balance: its total less what open spot orders hold. No row means none. */
    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        requireUsdcFromSpot(query.asset(), query.wallet(), HyperliquidHttp.INFO + " spotClearinghouseState");
        HyperliquidReader reader = new HyperliquidReader(HyperliquidHttp.INFO + " spotClearinghouseState", redaction);
        JsonNode state = reader.object(http.info("spotClearinghouseState", request("spotClearinghouseState")));
        for (JsonNode balance : reader.array(state, "balances")) {
            if (ASSET.equals(reader.text(balance, "coin"))) {
                return reader.amount(balance, "total").subtract(reader.amount(balance, "hold"));
            }
        }
        return BigDecimal.ZERO;
    }

    // ---- moving collateral ----

    /**
     * Cross: one {@code usdClassTransfer} spot → perp. Isolated: that transfer, then
     * {@code updateIsolatedMargin} on the position, each under its own derived nonce. Nothing is
     * looked up first: whether sending is safe is the transfer service's decision.
     */
    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        requireUsdcFromSpot(instruction.asset(), instruction.fromWallet(), HyperliquidHttp.EXCHANGE);
        long micros = micros(instruction.amount());
        HyperliquidSigner key = accountKey();
        int asset = -1;
        if (mode == MarginMode.ISOLATED) {
            // Both checked before the first leg: a top-up that cannot finish must not start.
            asset = assetIndex(instruction.symbol());
            requireOpenIsolated(instruction.symbol(), "add margin to");
        }
        String transferId = classTransfer(key, instruction.amount(), HyperliquidNonce.transfer(instruction), true);
        if (mode == MarginMode.CROSS) {
            return new TransferReceipt(transferId, true);
        }
        return addAfterTransfer(key, instruction, asset, micros, transferId, false);
    }

    /**
     * The isolated add alone, after the spot → perp transfer {@code unfinished} names. It is the
     * very action an earlier attempt may have sent (same nonce, same signature): the venue either
     * applies it now or refuses the nonce because it already took this action, which is done.
     */
    @Override
    public TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        if (mode != MarginMode.ISOLATED) {
            throw new VenueException(Kind.REJECTED, NAME, HyperliquidHttp.EXCHANGE + " updateIsolatedMargin", null,
                    "a cross top-up is one transfer; there is no isolated add to finish, nothing was sent");
        }
        requireUsdcFromSpot(instruction.asset(), instruction.fromWallet(), HyperliquidHttp.EXCHANGE);
        HyperliquidSigner key = accountKey();
        return addAfterTransfer(key, instruction, assetIndex(instruction.symbol()), micros(instruction.amount()),
                unfinished.walletTransferId(), true);
    }

    /**
     * Sweep-back (decisions 0027, 0028). Cross: one {@code usdClassTransfer} perp → spot, the top-up's
     * transfer reversed under the same derived nonce. Isolated: {@code updateIsolatedMargin} with a
     * negative amount takes the margin out of the position into the perp balance, then the perp → spot
     * transfer under the next nonce. Both are the very actions every attempt signs, so a resend after
     * a NotFound applies each at most once: a reduce refused as a duplicate nonce was taken before, and
     * the transfer follows it.
     */
    @Override
    public TransferReceipt transferFromMargin(TransferInstruction instruction) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        requireUsdcFromSpot(instruction.asset(), instruction.fromWallet(), HyperliquidHttp.EXCHANGE);
        long micros = micros(instruction.amount());
        HyperliquidSigner key = accountKey();
        if (mode == MarginMode.CROSS) {
            return new TransferReceipt(classTransfer(key, instruction.amount(), HyperliquidNonce.transfer(instruction),
                    false), true);
        }
        int asset = assetIndex(instruction.symbol());
        requireOpenIsolated(instruction.symbol(), "reduce margin of");
        reduceIsolated(key, asset, micros, HyperliquidNonce.transfer(instruction));
        try {
            return new TransferReceipt(classTransfer(key, instruction.amount(),
                    HyperliquidNonce.isolatedAdd(instruction), false), true);
        } catch (VenueException e) {
            if (e.outcomeUnknown()) {
                throw e;
            }
            // The reduce went through: the sweep must not close as failed and be decided again.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(), "the isolated reduce"
                    + " moved the margin into the perp balance, but the perp → spot transfer was refused: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The isolated reduce, signed under {@code nonce}. A refusal of its nonce as a duplicate means this
     * very reduce was applied by an earlier attempt (the nonce is the intent's own): done. Any other
     * refusal of the nonce may hide the same, and is OUTCOME_UNKNOWN as on a top-up.
     */
    private void reduceIsolated(HyperliquidSigner key, int asset, long micros, long nonce) {
        String endpoint = HyperliquidHttp.EXCHANGE + " updateIsolatedMargin";
        ObjectNode body = updateIsolatedMargin(key, asset, -micros, nonce);
        MoneyMovingAnswer.read(NAME, endpoint, "isolated margin reduce", () -> {
            HyperliquidReply reply = http.exchange("updateIsolatedMargin", body);
            if (!HyperliquidErrors.ok(reply) && !HyperliquidErrors.duplicateNonce(reply)) {
                throw HyperliquidErrors.failure(endpoint, reply, redaction, true);
            }
            return reply;
        });
    }

    /** One {@code usdClassTransfer}, spot → perp or back, under {@code nonce}; its id for the receipt. */
    private String classTransfer(HyperliquidSigner key, BigDecimal amount, long nonce, boolean toPerp) {
        String endpoint = HyperliquidHttp.EXCHANGE + " usdClassTransfer";
        ObjectNode body = usdClassTransfer(key, amount, nonce, toPerp);
        MoneyMovingAnswer.read(NAME, endpoint, toPerp ? "spot → perp transfer" : "perp → spot transfer", () -> {
            HyperliquidReply reply = http.exchange("usdClassTransfer", body);
            if (!HyperliquidErrors.ok(reply)) {
                throw HyperliquidErrors.failure(endpoint, reply, redaction, true);
            }
            return reply;
        });
        return "usdClassTransfer-" + nonce;
    }

    private TransferReceipt addAfterTransfer(HyperliquidSigner key, TransferInstruction instruction, int asset,
            long micros, String transferId, boolean finishing) {
        long nonce = HyperliquidNonce.isolatedAdd(instruction);
        String endpoint = HyperliquidHttp.EXCHANGE + " updateIsolatedMargin";
        ObjectNode body = updateIsolatedMargin(key, asset, micros, nonce);
        return MoneyMovingAnswer.read(NAME, endpoint, "isolated margin add", () -> {
            HyperliquidReply reply = http.exchange("updateIsolatedMargin", body);
            if (HyperliquidErrors.ok(reply)) {
                return new TransferReceipt(transferId, true);
            }
            if (finishing && HyperliquidErrors.nonceRefused(reply)) {
                // This exact signed add was taken before: sending it again cannot add twice.
                return new TransferReceipt(transferId, true);
            }
            VenueException refused = HyperliquidErrors.failure(endpoint, reply, redaction, true);
            if (refused.outcomeUnknown()) {
                throw refused;
            }
            // The spot → perp leg went through: this intent must not close as failed and move it again.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, endpoint, null, "the spot → perp transfer "
                    + transferId + " moved the money, but the isolated add was refused: " + refused.getMessage(),
                    refused);
        });
    }

    private ObjectNode usdClassTransfer(HyperliquidSigner key, BigDecimal amount, long nonce, boolean toPerp) {
        String chain = http.mainnet() ? "Mainnet" : "Testnet";
        String text = amount.stripTrailingZeros().toPlainString();
        HyperliquidSigner.Signature signature = key.signUserAction(USD_CLASS_TRANSFER, List.of(
                new Eip712.Field("hyperliquidChain", "string", chain),
                new Eip712.Field("amount", "string", text),
                new Eip712.Field("toPerp", "bool", toPerp),
                new Eip712.Field("nonce", "uint64", nonce)), Long.decode(SIGNATURE_CHAIN_ID));
        ObjectNode action = HyperliquidHttp.JSON.createObjectNode();
        action.put("type", "usdClassTransfer");
        action.put("hyperliquidChain", chain);
        action.put("signatureChainId", SIGNATURE_CHAIN_ID);
        action.put("amount", text);
        action.put("toPerp", toPerp);
        action.put("nonce", nonce);
        return body(action, nonce, signature);
    }

    private ObjectNode updateIsolatedMargin(HyperliquidSigner key, int asset, long micros, long nonce) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "updateIsolatedMargin");
        action.put("asset", asset);
        action.put("isBuy", true); // reserved by the venue; the reference SDK always sends true
        action.put("ntli", micros);
        return body(HyperliquidHttp.JSON.valueToTree(action), nonce, key.signL1(action, nonce, http.mainnet()));
    }

    private static ObjectNode body(JsonNode action, long nonce, HyperliquidSigner.Signature signature) {
        ObjectNode body = HyperliquidHttp.JSON.createObjectNode();
        body.set("action", action);
        body.put("nonce", nonce);
        ObjectNode sig = body.putObject("signature");
        sig.put("r", signature.rHex());
        sig.put("s", signature.sHex());
        sig.put("v", signature.v());
        body.putNull("vaultAddress");
        return body;
    }

    /** The amount in whole micro-USDC, as L1 actions carry it; finer amounts are a caller's bug. */
    private static long micros(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        try {
            return amount.movePointRight(USD_DECIMALS).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " is finer than 1e-6 USDC");
        }
    }

    /**
     * The account's own key, checked at first use. A spot → perp transfer is a user-signed action,
     * which the venue takes from the account's key only, not from an API wallet; the key is refused
     * here, before anything is sent, with what to put in the secret instead.
     */
    private HyperliquidSigner accountKey() {
        HyperliquidSigner known = signer;
        if (known == null) {
            try {
                known = HyperliquidSigner.of(signingKey);
            } catch (IllegalArgumentException e) {
                throw new VenueException(Kind.CONFIG, NAME, "(secret)", null, "the secret's apiSecret: " + e.getMessage());
            }
            signer = known;
        }
        if (!known.address().equals(user)) {
            throw new VenueException(Kind.CONFIG, NAME, HyperliquidHttp.EXCHANGE + " usdClassTransfer", null,
                    "the transfer secret's key signs for " + known.address() + ", an API wallet, not for the account "
                            + user + "; usdClassTransfer is a user-signed action that needs the account's own key:"
                            + " put the account's private key in the transfer secret's apiSecret. Nothing was sent");
        }
        return known;
    }

    /**
     * The asset's index in the perp universe, which L1 actions name it by. The universe only grows,
     * so it is read once per adapter, and again only for a coin it does not list yet.
     */
    private int assetIndex(String coin) {
        List<String> names = universe;
        if (names == null || !names.contains(coin)) {
            HyperliquidReader reader = new HyperliquidReader(HyperliquidHttp.INFO + " meta", redaction);
            JsonNode meta = reader.object(http.info("meta", Map.of("type", "meta")));
            names = reader.array(meta, "universe").valueStream().map(asset -> reader.text(asset, "name")).toList();
            universe = names;
        }
        int index = names.indexOf(coin);
        if (index < 0) {
            throw new VenueException(Kind.CONFIG, NAME, HyperliquidHttp.INFO + " meta", null, "the perp universe"
                    + " has no asset " + coin + "; symbol must be the coin's name as Hyperliquid lists it, e.g. ETH");
        }
        return index;
    }

    private void requireOpenIsolated(String coin, String act) {
        HyperliquidReader reader = new HyperliquidReader(HyperliquidHttp.INFO + " clearinghouseState", redaction);
        JsonNode state = reader.object(http.info("clearinghouseState", request("clearinghouseState")));
        if (HyperliquidPositions.isolated(HyperliquidPositions.read(reader, state), coin).isEmpty()) {
            throw new VenueException(Kind.REJECTED, NAME, HyperliquidHttp.INFO + " clearinghouseState", null,
                    "no open isolated position on " + coin + " to " + act + "; nothing moved");
        }
    }

    // ---- reconciling ----

    /**
     * Looks for the spot → perp transfer in the account's non-funding ledger: an
     * {@code accountClassTransfer} to perp of exactly the amount, since shortly before the intent
     * was created. The ledger carries no nonce; the product keeps at most one open intent per
     * account, so nothing else of ours can match in that window. Isolated: the transfer found
     * means the add may be missing ({@link TransferLookup.Unfinished}); re-sending that very add
     * is safe, the venue takes a signed action once.
     */
    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        try {
            MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
            LedgerMatch match = classTransferInLedger(instruction, true);
            if (mode == MarginMode.ISOLATED && match.lookup() instanceof TransferLookup.Found found) {
                return new TransferLookup.Unfinished(found.venueTransferId(), match.at());
            }
            return match.lookup();
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /**
     * A sweep is found by its perp → spot {@code accountClassTransfer} of exactly the amount, as a
     * top-up by its transfer to perp. For an isolated sweep the transfer follows the reduce, so it is
     * the whole sweep found. Without it the reduce is invisible (the ledger does not show isolated
     * margin changes): NotFound, and the resend signs the very same reduce and transfer again, which
     * the venue applies at most once each.
     */
    @Override
    public TransferLookup findSweep(TransferInstruction instruction) {
        try {
            Objects.requireNonNull(instruction.mode(), "mode");
            return classTransferInLedger(instruction, false).lookup();
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /** What the ledger says about a class transfer, and when the venue booked it if found. */
    private record LedgerMatch(TransferLookup lookup, Instant at) {}

    /**
     * Looks for the class transfer in the account's non-funding ledger: an {@code accountClassTransfer}
     * in the direction {@code toPerp}, of exactly the amount, since shortly before the intent was
     * created. The ledger carries no nonce; the product keeps at most one open intent per account,
     * so nothing else of ours can match in that window.
     */
    private LedgerMatch classTransferInLedger(TransferInstruction instruction, boolean toPerp) {
        Instant start = instruction.createdAt().minus(LEDGER_LOOKBACK);
        HyperliquidReader reader = new HyperliquidReader(HyperliquidHttp.INFO + " userNonFundingLedgerUpdates",
                redaction);
        Map<String, Object> request = request("userNonFundingLedgerUpdates");
        // No end time: the venue's history up to its own now, whatever our clock says.
        request.put("startTime", start.toEpochMilli());
        JsonNode entries = reader.array(http.info("userNonFundingLedgerUpdates", request));
        for (JsonNode entry : entries) {
            JsonNode delta = reader.child(entry, "delta");
            if (!"accountClassTransfer".equals(reader.text(delta, "type")) || reader.bool(delta, "toPerp") != toPerp
                    || reader.epochMillis(entry, "time") < start.toEpochMilli()
                    || reader.amount(delta, "usdc").compareTo(instruction.amount()) != 0) {
                continue;
            }
            return new LedgerMatch(new TransferLookup.Found("ledger-" + reader.text(entry, "hash")),
                    Instant.ofEpochMilli(reader.epochMillis(entry, "time")));
        }
        if (entries.size() >= LEDGER_PAGE) {
            return new LedgerMatch(new TransferLookup.Unknown("a full page of ledger updates since " + start
                    + " holds no match; later pages are not read"), null);
        }
        return new LedgerMatch(new TransferLookup.NotFound(), null);
    }

    /**
     * A transfer is in the ledger once its block is committed, well under a second; a minute
     * covers a lagging read replica and is far below the transfer function's retry interval.
     */
    @Override
    public Duration reconcileGrace() {
        return Duration.ofMinutes(1);
    }

    // ---- checks ----

    private static void requireUsdc(String asset, String endpoint) {
        if (!ASSET.equals(asset)) {
            throw new VenueException(Kind.CONFIG, NAME, endpoint, null, "Hyperliquid margins perps in USDC; set asset"
                    + " to USDC, was " + asset);
        }
    }

    private Map<String, Object> request(String type) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", type);
        request.put("user", user);
        return request;
    }

    private static void requireUsdcFromSpot(String asset, String wallet, String endpoint) {
        requireUsdc(asset, endpoint);
        if (!SOURCE.equals(wallet == null ? null : wallet.toUpperCase(Locale.ROOT))) {
            throw new VenueException(Kind.CONFIG, NAME, endpoint, null, "Hyperliquid tops up from the account's spot"
                    + " USDC; set sourceWallet to SPOT, was " + wallet);
        }
    }
}
