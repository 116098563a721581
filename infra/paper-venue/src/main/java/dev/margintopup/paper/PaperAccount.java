package dev.margintopup.paper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The starting state of one paper account, keyed by its API key. Seeding an existing key
 * replaces that account, history included.
 *
 * @param wallets balance per asset in each wallet; wallets or assets left out hold zero
 * @param transferStep the smallest transfer increment; amounts must be whole multiples of it
 */
public record PaperAccount(
        String apiKey,
        String apiSecret,
        Map<Wallet, Map<String, BigDecimal>> wallets,
        List<PaperPosition> positions,
        BigDecimal transferStep) {

    public static final BigDecimal DEFAULT_TRANSFER_STEP = new BigDecimal("0.01");

    public PaperAccount {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        if (apiKey.isBlank() || apiSecret.isBlank()) {
            throw new IllegalArgumentException("apiKey and apiSecret must not be blank");
        }
        wallets = copyWallets(wallets);
        positions = List.copyOf(positions);
        Objects.requireNonNull(transferStep, "transferStep");
        if (transferStep.signum() <= 0) {
            throw new IllegalArgumentException("transferStep must be positive, was " + transferStep);
        }
        Set<String> symbols = new HashSet<>();
        for (PaperPosition position : positions) {
            if (!symbols.add(position.symbol())) {
                throw new IllegalArgumentException("one position per symbol; " + position.symbol() + " appears twice");
            }
        }
    }

    public static Builder builder(String apiKey, String apiSecret) {
        return new Builder(apiKey, apiSecret);
    }

    /** Never prints the secret: seeds end up in test failure messages. */
    @Override
    public String toString() {
        return "PaperAccount[apiKey=" + apiKey + ", wallets=" + wallets + ", positions=" + positions
                + ", transferStep=" + transferStep + "]";
    }

    private static Map<Wallet, Map<String, BigDecimal>> copyWallets(Map<Wallet, Map<String, BigDecimal>> wallets) {
        Map<Wallet, Map<String, BigDecimal>> copy = new EnumMap<>(Wallet.class);
        wallets.forEach((wallet, balances) -> {
            balances.values().forEach(balance -> {
                if (balance.signum() < 0) {
                    throw new IllegalArgumentException(wallet + " balance must not be negative, was " + balance);
                }
            });
            copy.put(wallet, Map.copyOf(balances));
        });
        return Map.copyOf(copy);
    }

    public static final class Builder {
        private final String apiKey;
        private final String apiSecret;
        private final Map<Wallet, Map<String, BigDecimal>> wallets = new EnumMap<>(Wallet.class);
        private final List<PaperPosition> positions = new ArrayList<>();
        private BigDecimal transferStep = DEFAULT_TRANSFER_STEP;

        private Builder(String apiKey, String apiSecret) {
            this.apiKey = apiKey;
            this.apiSecret = apiSecret;
        }

        public Builder balance(Wallet wallet, String asset, String amount) {
            wallets.computeIfAbsent(wallet, w -> new LinkedHashMap<>()).put(asset, new BigDecimal(amount));
            return this;
        }

        public Builder position(PaperPosition position) {
            positions.add(position);
            return this;
        }

        public Builder transferStep(String step) {
            transferStep = new BigDecimal(step);
            return this;
        }

        public PaperAccount build() {
            return new PaperAccount(apiKey, apiSecret, wallets, positions, transferStep);
        }
    }
}
