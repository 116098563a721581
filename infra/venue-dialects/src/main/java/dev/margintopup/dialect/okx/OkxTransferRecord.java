package dev.margintopup.dialect.okx;

import java.math.BigDecimal;
import java.time.Instant;

/** One funds transfer between the funding ({@code 6}) and trading ({@code 18}) accounts. */
public record OkxTransferRecord(String transId, String clientId, String ccy, BigDecimal amt, String from, String to,
        String state, Instant ts) {

    /** A transfer of type 2, from the sub-account {@code subAcct}'s funding account to its main account's trading account. */
    public record FromSubAccount(OkxTransferRecord transfer, String subAcct) {}
}
