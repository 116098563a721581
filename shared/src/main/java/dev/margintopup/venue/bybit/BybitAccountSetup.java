package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.MarginMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code /v5/account/info} and {@code /v5/user/query-api} say about the account and the
 * key: read once per adapter (a key or a mode does not change mid-invocation), checked before
 * anything is read or moved.
 */
final class BybitAccountSetup {

    private final BybitHttp http;
    private volatile AccountMode accountMode;
    private volatile KeyPermissions keyPermissions;

    BybitAccountSetup(BybitHttp http) {
        this.http = http;
    }


    enum Role { READ, TRANSFER }

    private record AccountMode(int unifiedMarginStatus, String marginMode) {}

    /** @param userId the key's own UID; {@code master} whether that UID is a main account, not a sub-account */
    private record KeyPermissions(boolean readOnly, List<String> wallet, List<String> contractTrade, String userId,
            boolean master) {}

    /**
     * A classic account has no Unified wallet to top up; in UTA 2.0 the margin mode is account
     * wide, so a cross query needs REGULAR_MARGIN and an isolated one ISOLATED_MARGIN.
     */
    void requireAccountMode(MarginMode mode) {
        AccountMode current = accountMode;
        if (current == null) {
            BybitHttp.Answer answer = http.call("GET", BybitV5Venue.ACCOUNT_INFO, "", "");
            BybitReader reader = answer.reader();
            current = new AccountMode(reader.integer(answer.result(), "unifiedMarginStatus"),
                    reader.text(answer.result(), "marginMode"));
            if (current.unifiedMarginStatus() == 1) {
                throw BybitV5Venue.config(BybitV5Venue.ACCOUNT_INFO, "this is a classic account (unifiedMarginStatus 1); upgrade it to a"
                        + " Unified Trading Account in Bybit's settings");
            }
            if (!Set.of(3, 4, 5, 6).contains(current.unifiedMarginStatus())) {
                throw BybitV5Venue.config(BybitV5Venue.ACCOUNT_INFO, "unifiedMarginStatus " + current.unifiedMarginStatus()
                        + " is not a Unified Trading Account this adapter knows (3, 4, 5 or 6)");
            }
            accountMode = current;
        }
        String needed = mode == MarginMode.CROSS ? "REGULAR_MARGIN" : "ISOLATED_MARGIN";
        if (!needed.equals(current.marginMode())) {
            throw BybitV5Venue.config(BybitV5Venue.ACCOUNT_INFO, "the account's margin mode is " + current.marginMode() + " but the account"
                    + " item says " + mode.itemValue() + "; set the Unified account to " + needed
                    + (mode == MarginMode.CROSS ? " (portfolio margin is not supported yet)" : "")
                    + " or change marginMode on the account item");
        }
    }

    /**
     * A key that can withdraw is refused for every role; the transfer key also needs the
     * wallet's AccountTransfer permission, and for an isolated add the contract Position one.
     */
    void requireKey(Role role, MarginMode mode) {
        KeyPermissions key = keyPermissions;
        if (key == null) {
            BybitHttp.Answer answer = http.call("GET", BybitV5Venue.QUERY_API, "", "");
            BybitReader reader = answer.reader();
            JsonNode permissions = reader.child(answer.result(), "permissions");
            key = new KeyPermissions(reader.integer(answer.result(), "readOnly") == 1,
                    texts(reader, permissions, "Wallet"), texts(reader, permissions, "ContractTrade"),
                    reader.memberId(answer.result(), "userID"), answer.result().path("isMaster").asBoolean(false));
            if (key.wallet().contains("Withdraw")) {
                throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "the API key has the Withdraw permission; create a key without"
                        + " withdrawal rights (this product never withdraws) and store that one instead");
            }
            keyPermissions = key;
        }
        if (role == Role.TRANSFER) {
            if (key.readOnly()) {
                throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "the transfer key is read-only; give the transfer function a key with"
                        + " Wallet → Account Transfer (read-write)");
            }
            if (!key.wallet().contains("AccountTransfer")) {
                throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "the transfer key lacks the Wallet AccountTransfer permission; enable"
                        + " Account Transfer on the key");
            }
            if (mode == MarginMode.ISOLATED && !key.contractTrade().contains("Position")) {
                throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "adding isolated margin, or taking it out, needs the"
                        + " Contract → Position permission on the transfer key; enable it (orders are not needed)");
            }
        }
    }

    /**
     * A top-up from a sub-account is a universal transfer the main account's key sends: the key must
     * be the main account's and hold Wallet → SubMemberTransfer. Returns the main account's UID, the
     * transfer's {@code toMemberId}.
     */
    String requireSubAccountTransferKey() {
        requireKey(Role.TRANSFER, MarginMode.CROSS);
        KeyPermissions key = keyPermissions;
        if (!key.master()) {
            throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "a sub-account source needs the main account's key, and"
                    + " this key belongs to a sub-account; manage the main account with a key of its own");
        }
        if (!key.wallet().contains("SubMemberTransfer")) {
            throw BybitV5Venue.config(BybitV5Venue.QUERY_API, "the transfer key lacks the Wallet SubMemberTransfer"
                    + " permission a transfer from a sub-account needs; enable Subaccount Transfer on the key");
        }
        return key.userId();
    }

    private static List<String> texts(BybitReader reader, JsonNode permissions, String field) {
        JsonNode values = permissions.get(field);
        if (values == null || values.isNull()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode value : reader.array(permissions, field)) {
            texts.add(value.asText());
        }
        return texts;
    }
}
