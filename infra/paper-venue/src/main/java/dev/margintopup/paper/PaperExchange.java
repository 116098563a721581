package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The paper venue's books: accounts, mark prices, transfers and the liquidation engine.
 *
 * <p>Every method holds the one lock: requests arrive concurrently, and a transfer's duplicate
 * check, balance check and move must be one step or a racing duplicate could move money twice.
 */
final class PaperExchange {

    /** A week of minutes per symbol, the longest a local scenario plays. */
    static final int MAX_HISTORY = 7 * 24 * 60;

    private final Clock clock;
    private final Map<String, AccountBook> accounts = new HashMap<>();
    private final Map<String, BigDecimal> markPrices = new HashMap<>();
    private final Map<String, NavigableMap<Instant, PriceBar>> history = new HashMap<>();
    private long transferSequence;

    PaperExchange(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** Replaces any account under the same key. A position's mark starts at its entry unless one is set. */
    synchronized void seed(PaperAccount seed) {
        accounts.put(seed.apiKey(), new AccountBook(seed));
        seed.positions().forEach(p -> markPrices.putIfAbsent(p.symbol(), p.entryPrice()));
    }

    synchronized Optional<String> secretOf(String apiKey) {
        return Optional.ofNullable(accounts.get(apiKey)).map(book -> book.apiSecret);
    }

    synchronized boolean hasAccount(String apiKey) {
        return accounts.containsKey(apiKey);
    }

    synchronized BigDecimal transferStep(String apiKey) {
        return book(apiKey).transferStep;
    }

    synchronized BigDecimal markPrice(String symbol) {
        return markPrices.get(symbol);
    }

    synchronized MarginReport crossMargin(String apiKey, String asset, Wallet source) {
        AccountBook book = book(apiKey);
        List<PaperPosition> cross = book.crossPositions(asset);
        BigDecimal futures = book.balance(Wallet.FUTURES, asset);
        BigDecimal balance = futures;
        BigDecimal maintenance = BigDecimal.ZERO;
        for (PaperPosition position : cross) {
            BigDecimal mark = markPrices.get(position.symbol());
            balance = balance.add(MarginMath.unrealisedPnl(position, mark));
            maintenance = maintenance.add(MarginMath.maintenance(position, mark));
        }
        if (cross.size() != 1) {
            return report(book, asset, source, balance, maintenance, null, null,
                    cross.stream().map(p -> held(p, null)).toList());
        }
        PaperPosition lone = cross.getFirst();
        BigDecimal liquidation = MarginMath.liquidationPrice(lone, futures);
        return report(book, asset, source, balance, maintenance, markPrices.get(lone.symbol()), liquidation,
                List.of(held(lone, liquidation)));
    }

    synchronized MarginReport isolatedMargin(String apiKey, String symbol, String asset, Wallet source) {
        AccountBook book = book(apiKey);
        PaperPosition position = isolatedPosition(book, symbol, asset);
        BigDecimal mark = markPrices.get(symbol);
        BigDecimal liquidation = MarginMath.liquidationPrice(position, position.isolatedMargin());
        return report(book, asset, source,
                position.isolatedMargin().add(MarginMath.unrealisedPnl(position, mark)),
                MarginMath.maintenance(position, mark),
                mark,
                liquidation,
                List.of(held(position, liquidation)))
                .withMarginToKeep(MarginMath.marginToKeep(position, mark));
    }

    /**
     * Takes margin out of an isolated position back to one of the owner's wallets, exactly once per
     * client id like any transfer. Refused when what the position keeps would fall below
     * {@link MarginMath#marginToKeep}: its initial margin at its leverage, above its maintenance, with
     * no unrealised profit taken out.
     */
    synchronized TransferRecord reduceIsolated(String apiKey, String clientId, String asset, BigDecimal amount,
            String symbol, Wallet to) {
        AccountBook book = book(apiKey);
        requireNewTransferOut(book, clientId, amount);
        PaperPosition position = isolatedPosition(book, symbol, asset);
        BigDecimal mark = markPrices.get(symbol);
        BigDecimal balance = position.isolatedMargin().add(MarginMath.unrealisedPnl(position, mark));
        BigDecimal keep = MarginMath.marginToKeep(position, mark);
        BigDecimal left = balance.subtract(amount);
        if (left.compareTo(keep) < 0 || MarginMath.atLiquidation(left, MarginMath.maintenance(position, mark))
                || position.isolatedMargin().compareTo(amount) < 0) {
            throw new ApiError(400, ApiError.INSUFFICIENT_BALANCE, "the isolated " + symbol + " position can release"
                    + " at most " + balance.subtract(keep).min(position.isolatedMargin()).max(BigDecimal.ZERO)
                            .toPlainString() + " " + asset + ", less than " + amount.toPlainString());
        }
        book.replace(position.withIsolatedMargin(position.isolatedMargin().subtract(amount)));
        book.setBalance(to, asset, book.balance(to, asset).add(amount));
        TransferRecord applied = new TransferRecord("PT" + (++transferSequence), clientId, asset, amount,
                null, to.name(), symbol, clock.instant());
        book.transfers.add(applied);
        return applied;
    }

    /**
     * Applies a transfer exactly once per client id. A duplicate is refused with the first
     * transfer's id, so a caller that lost the first answer learns it already happened.
     */
    synchronized TransferRecord transfer(String apiKey, TransferRequest request) {
        AccountBook book = book(apiKey);
        TransferRecord earlier = book.transferByClientId(request.clientId());
        if (earlier != null) {
            throw new ApiError(409, ApiError.DUPLICATE_CLIENT_ID,
                    "client id " + request.clientId() + " was already used by transfer " + earlier.transferId(),
                    Map.of("transferId", earlier.transferId()));
        }
        if (request.amount().remainder(book.transferStep).signum() != 0) {
            throw new ApiError(400, ApiError.BAD_AMOUNT,
                    "amount " + request.amount().toPlainString() + " is not a multiple of the transfer step "
                            + book.transferStep.toPlainString());
        }
        PaperPosition position = null;
        if (request.toIsolated()) {
            position = isolatedPosition(book, request.symbol(), request.asset());
        }
        BigDecimal available = book.balance(request.from(), request.asset());
        if (available.compareTo(request.amount()) < 0) {
            throw new ApiError(400, ApiError.INSUFFICIENT_BALANCE,
                    request.from() + " holds " + available.toPlainString() + " " + request.asset()
                            + ", less than " + request.amount().toPlainString());
        }
        book.setBalance(request.from(), request.asset(), available.subtract(request.amount()));
        if (position != null) {
            book.replace(position.withIsolatedMargin(position.isolatedMargin().add(request.amount())));
        } else {
            book.setBalance(Wallet.FUTURES, request.asset(),
                    book.balance(Wallet.FUTURES, request.asset()).add(request.amount()));
        }
        TransferRecord applied = new TransferRecord(
                "PT" + (++transferSequence), request.clientId(), request.asset(), request.amount(), request.from(),
                request.toIsolated() ? "ISOLATED" : Wallet.FUTURES.name(),
                request.toIsolated() ? request.symbol() : null,
                clock.instant());
        book.transfers.add(applied);
        return applied;
    }

    /**
     * Moves cross margin back out to one of the owner's wallets. The FUTURES wallet must hold the
     * amount, and what is left must stay above the cross positions' maintenance margin: a venue
     * never lets a transfer out make an account liquidatable.
     */
    synchronized TransferRecord transferOut(String apiKey, String clientId, String asset, BigDecimal amount, Wallet to) {
        AccountBook book = book(apiKey);
        requireNewTransferOut(book, clientId, amount);
        BigDecimal futures = book.balance(Wallet.FUTURES, asset);
        MarginReport margin = crossMargin(apiKey, asset, null);
        if (futures.compareTo(amount) < 0
                || margin.marginBalance().subtract(amount).compareTo(margin.maintenanceMargin()) <= 0) {
            throw new ApiError(400, ApiError.INSUFFICIENT_BALANCE, "FUTURES can release at most "
                    + futures.min(margin.marginBalance().subtract(margin.maintenanceMargin())).max(BigDecimal.ZERO)
                            .toPlainString() + " " + asset + ", less than " + amount.toPlainString());
        }
        book.setBalance(Wallet.FUTURES, asset, futures.subtract(amount));
        book.setBalance(to, asset, book.balance(to, asset).add(amount));
        TransferRecord applied = new TransferRecord("PT" + (++transferSequence), clientId, asset, amount,
                Wallet.FUTURES, to.name(), null, clock.instant());
        book.transfers.add(applied);
        return applied;
    }

    /** A transfer out of margin: its client id never used before, its amount a positive multiple of the step. */
    private static void requireNewTransferOut(AccountBook book, String clientId, BigDecimal amount) {
        TransferRecord earlier = book.transferByClientId(clientId);
        if (earlier != null) {
            throw new ApiError(409, ApiError.DUPLICATE_CLIENT_ID,
                    "client id " + clientId + " was already used by transfer " + earlier.transferId(),
                    Map.of("transferId", earlier.transferId()));
        }
        if (amount.signum() <= 0 || amount.remainder(book.transferStep).signum() != 0) {
            throw new ApiError(400, ApiError.BAD_AMOUNT, "amount " + amount.toPlainString()
                    + " is not a positive multiple of the transfer step " + book.transferStep.toPlainString());
        }
    }

    /** The open isolated position in {@code symbol}, margined in {@code asset}. */
    private static PaperPosition isolatedPosition(AccountBook book, String symbol, String asset) {
        PaperPosition position = book.position(symbol);
        if (position == null || position.marginType() != MarginType.ISOLATED) {
            throw new ApiError(404, ApiError.NO_SUCH_POSITION, "no open isolated position in " + symbol);
        }
        if (!position.marginAsset().equals(asset)) {
            throw ApiError.badParameter(symbol + " is margined in " + position.marginAsset() + ", not " + asset);
        }
        return position;
    }

    /**
     * Moves the mark and runs the liquidation engine over every account; returns what it closed.
     * The price joins the candle of the venue clock's current minute.
     */
    synchronized List<LiquidationRecord> setMarkPrice(String symbol, BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("mark price must be positive, was " + price);
        }
        return setMarkPrice(symbol, price, clock.instant());
    }

    /** Moves the mark at a given moment: it joins that minute's candle, not the wall clock's. */
    synchronized List<LiquidationRecord> setMarkPrice(String symbol, BigDecimal price, Instant at) {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("mark price must be positive, was " + price);
        }
        return playBar(symbol, PriceBar.flat(at.truncatedTo(ChronoUnit.MINUTES), price));
    }

    /**
     * Plays one minute of the mark: the engine runs at every point of {@link PriceBar#markPath},
     * so a wick liquidates at its extreme, which is the price recorded. The mark ends at the close.
     */
    synchronized List<LiquidationRecord> playBar(String symbol, PriceBar bar) {
        List<LiquidationRecord> closed = new ArrayList<>();
        for (BigDecimal mark : bar.markPath()) {
            markPrices.put(symbol, mark);
            for (AccountBook book : accounts.values()) {
                closed.addAll(liquidateIsolated(book));
                closed.addAll(liquidateCross(book));
            }
        }
        NavigableMap<Instant, PriceBar> bars = history.computeIfAbsent(symbol, s -> new TreeMap<>());
        bars.merge(bar.openTime(), bar, PriceBar::merge);
        while (bars.size() > MAX_HISTORY) {
            bars.pollFirstEntry();
        }
        return closed;
    }

    /** The last {@code limit} one-minute candles of {@code symbol}, oldest first; empty for a symbol never priced. */
    synchronized List<PriceBar> candles(String symbol, int limit) {
        NavigableMap<Instant, PriceBar> bars = history.get(symbol);
        if (bars == null) {
            return List.of();
        }
        List<PriceBar> newestFirst = new ArrayList<>(Math.min(limit, bars.size()));
        for (PriceBar bar : bars.descendingMap().values()) {
            if (newestFirst.size() == limit) {
                break;
            }
            newestFirst.add(bar);
        }
        return newestFirst.reversed();
    }

    synchronized List<TransferRecord> transfers(String apiKey) {
        return List.copyOf(book(apiKey).transfers);
    }

    synchronized List<TransferRecord> transfersByClientId(String apiKey, String clientId) {
        TransferRecord found = book(apiKey).transferByClientId(clientId);
        return found == null ? List.of() : List.of(found);
    }

    synchronized List<LiquidationRecord> liquidations(String apiKey) {
        return List.copyOf(book(apiKey).liquidations);
    }

    synchronized BigDecimal walletBalance(String apiKey, Wallet wallet, String asset) {
        return book(apiKey).balance(wallet, asset);
    }

    synchronized Map<Wallet, Map<String, BigDecimal>> wallets(String apiKey) {
        return book(apiKey).wallets();
    }

    synchronized List<PaperPosition> positions(String apiKey) {
        return book(apiKey).positions();
    }

    private List<LiquidationRecord> liquidateIsolated(AccountBook book) {
        List<LiquidationRecord> closed = new ArrayList<>();
        for (PaperPosition position : book.positions()) {
            if (position.marginType() != MarginType.ISOLATED) {
                continue;
            }
            BigDecimal mark = markPrices.get(position.symbol());
            BigDecimal balance = position.isolatedMargin().add(MarginMath.unrealisedPnl(position, mark));
            if (MarginMath.atLiquidation(balance, MarginMath.maintenance(position, mark))) {
                // The isolated margin is forfeit with the position; the rest of the account is untouched.
                book.close(position.symbol());
                closed.add(record(book, position.symbol(), mark));
            }
        }
        return closed;
    }

    private List<LiquidationRecord> liquidateCross(AccountBook book) {
        List<LiquidationRecord> closed = new ArrayList<>();
        List<String> assets = book.positions().stream()
                .filter(p -> p.marginType() == MarginType.CROSS)
                .map(PaperPosition::marginAsset)
                .distinct()
                .toList();
        for (String asset : assets) {
            List<PaperPosition> cross = book.crossPositions(asset);
            BigDecimal pnl = BigDecimal.ZERO;
            BigDecimal maintenance = BigDecimal.ZERO;
            for (PaperPosition position : cross) {
                BigDecimal mark = markPrices.get(position.symbol());
                pnl = pnl.add(MarginMath.unrealisedPnl(position, mark));
                maintenance = maintenance.add(MarginMath.maintenance(position, mark));
            }
            BigDecimal futures = book.balance(Wallet.FUTURES, asset);
            if (!MarginMath.atLiquidation(futures.add(pnl), maintenance)) {
                continue;
            }
            // Every cross position in the asset goes at once and the loss is realised against the
            // FUTURES balance; the venue absorbs whatever the balance cannot cover.
            book.setBalance(Wallet.FUTURES, asset, futures.add(pnl).max(BigDecimal.ZERO));
            for (PaperPosition position : cross) {
                book.close(position.symbol());
                closed.add(record(book, position.symbol(), markPrices.get(position.symbol())));
            }
        }
        return closed;
    }

    private MarginReport report(
            AccountBook book, String asset, Wallet source, BigDecimal marginBalance, BigDecimal maintenance,
            BigDecimal markPrice, BigDecimal liquidationPrice, List<MarginReport.Held> positions) {
        return new MarginReport(clock.instant(), asset, marginBalance, maintenance,
                source == null ? null : book.balance(source, asset),
                book.transferStep, markPrice, liquidationPrice, positions, null);
    }

    private MarginReport.Held held(PaperPosition position, BigDecimal liquidationPrice) {
        BigDecimal mark = markPrices.get(position.symbol());
        return new MarginReport.Held(position.symbol(), position.side(), position.quantity(), mark,
                MarginMath.maintenance(position, mark), liquidationPrice);
    }

    private LiquidationRecord record(AccountBook book, String symbol, BigDecimal mark) {
        LiquidationRecord liquidation = new LiquidationRecord(symbol, mark, clock.instant());
        book.liquidations.add(liquidation);
        return liquidation;
    }

    private AccountBook book(String apiKey) {
        AccountBook book = accounts.get(apiKey);
        if (book == null) {
            throw new IllegalArgumentException("no paper account with key " + apiKey);
        }
        return book;
    }
}
