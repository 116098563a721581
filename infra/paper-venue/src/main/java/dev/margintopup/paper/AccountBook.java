package dev.margintopup.paper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The live, mutable state of one paper account. Only {@link PaperExchange} touches it, under its lock. */
final class AccountBook {

    final String apiKey;
    final String apiSecret;
    final BigDecimal transferStep;
    private final Map<Wallet, Map<String, BigDecimal>> wallets = new EnumMap<>(Wallet.class);
    private final Map<String, PaperPosition> positions = new LinkedHashMap<>();
    final List<TransferRecord> transfers = new ArrayList<>();
    final List<LiquidationRecord> liquidations = new ArrayList<>();

    AccountBook(PaperAccount seed) {
        this.apiKey = seed.apiKey();
        this.apiSecret = seed.apiSecret();
        this.transferStep = seed.transferStep();
        for (Wallet wallet : Wallet.values()) {
            wallets.put(wallet, new HashMap<>(seed.wallets().getOrDefault(wallet, Map.of())));
        }
        seed.positions().forEach(position -> positions.put(position.symbol(), position));
    }

    BigDecimal balance(Wallet wallet, String asset) {
        return wallets.get(wallet).getOrDefault(asset, BigDecimal.ZERO);
    }

    void setBalance(Wallet wallet, String asset, BigDecimal amount) {
        wallets.get(wallet).put(asset, amount);
    }

    Map<Wallet, Map<String, BigDecimal>> wallets() {
        Map<Wallet, Map<String, BigDecimal>> copy = new EnumMap<>(Wallet.class);
        wallets.forEach((wallet, balances) -> copy.put(wallet, Map.copyOf(balances)));
        return copy;
    }

    PaperPosition position(String symbol) {
        return positions.get(symbol);
    }

    List<PaperPosition> positions() {
        return List.copyOf(positions.values());
    }

    void replace(PaperPosition position) {
        positions.put(position.symbol(), position);
    }

    void close(String symbol) {
        positions.remove(symbol);
    }

    List<PaperPosition> crossPositions(String asset) {
        return positions.values().stream()
                .filter(p -> p.marginType() == MarginType.CROSS && p.marginAsset().equals(asset))
                .toList();
    }

    TransferRecord transferByClientId(String clientId) {
        return transfers.stream().filter(t -> t.clientId().equals(clientId)).findFirst().orElse(null);
    }
}
