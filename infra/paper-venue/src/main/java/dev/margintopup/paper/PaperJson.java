package dev.margintopup.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** JSON in the venue's shape: amounts travel as decimal strings so no float ever touches money. */
final class PaperJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private PaperJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.badParameter("body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badParameter("body is not valid JSON");
        }
    }

    static void putAmount(ObjectNode node, String field, BigDecimal amount) {
        if (amount == null) {
            node.putNull(field);
        } else {
            node.put(field, amount.toPlainString());
        }
    }

    static ObjectNode transfer(TransferRecord transfer) {
        ObjectNode node = object();
        node.put("transferId", transfer.transferId());
        node.put("clientId", transfer.clientId());
        node.put("asset", transfer.asset());
        putAmount(node, "amount", transfer.amount());
        node.put("from", transfer.from() == null ? "ISOLATED" : transfer.from().name());
        node.put("to", transfer.to());
        if (transfer.symbol() == null) {
            node.putNull("symbol");
        } else {
            node.put("symbol", transfer.symbol());
        }
        node.put("time", transfer.time().toEpochMilli());
        return node;
    }

    static ArrayNode transfers(List<TransferRecord> transfers) {
        ArrayNode array = MAPPER.createArrayNode();
        transfers.forEach(t -> array.add(transfer(t)));
        return array;
    }

    static ArrayNode liquidations(List<LiquidationRecord> liquidations) {
        ArrayNode array = MAPPER.createArrayNode();
        for (LiquidationRecord liquidation : liquidations) {
            ObjectNode node = array.addObject();
            node.put("symbol", liquidation.symbol());
            putAmount(node, "markPrice", liquidation.markPrice());
            node.put("time", liquidation.time().toEpochMilli());
        }
        return array;
    }

    /** A one-minute candle as the kline route and the admin API show it. */
    static ObjectNode candle(PriceBar bar) {
        ObjectNode node = object();
        node.put("openTime", bar.openTime().toEpochMilli());
        putAmount(node, "open", bar.open());
        putAmount(node, "high", bar.high());
        putAmount(node, "low", bar.low());
        putAmount(node, "close", bar.close());
        return node;
    }

    static ObjectNode position(PaperPosition position, BigDecimal mark) {
        ObjectNode node = object();
        node.put("symbol", position.symbol());
        node.put("side", position.side().name());
        putAmount(node, "quantity", position.quantity());
        putAmount(node, "entryPrice", position.entryPrice());
        node.put("marginMode", position.marginType().name());
        putAmount(node, "isolatedMargin", position.isolatedMargin());
        putAmount(node, "maintenanceRate", position.maintenanceRate());
        ArrayNode tiers = node.putArray("tiers");
        for (MaintenanceTier tier : position.tiers()) {
            ObjectNode entry = tiers.addObject();
            if (tier.upTo() != null) {
                putAmount(entry, "upTo", tier.upTo());
            }
            putAmount(entry, "rate", tier.rate());
            putAmount(entry, "deduction", tier.deduction());
        }
        if (position.leverage() == null) {
            node.putNull("leverage");
        } else {
            node.put("leverage", position.leverage());
        }
        putAmount(node, "markPrice", mark);
        return node;
    }

    static ObjectNode wallets(Map<Wallet, Map<String, BigDecimal>> wallets) {
        ObjectNode node = object();
        wallets.forEach((wallet, balances) -> {
            ObjectNode assets = node.putObject(wallet.name());
            balances.forEach((asset, amount) -> putAmount(assets, asset, amount));
        });
        return node;
    }
}
