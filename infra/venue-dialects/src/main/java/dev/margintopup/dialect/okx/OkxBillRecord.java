package dev.margintopup.dialect.okx;

import java.math.BigDecimal;
import java.time.Instant;

/** One bill, as {@code /api/v5/account/bills} lists it; here, margin adds to and reduces of isolated positions. */
public record OkxBillRecord(String billId, String instId, String ccy, String mgnMode, String type, String subType,
        BigDecimal balChg, BigDecimal posBalChg, BigDecimal bal, BigDecimal posBal, Instant ts) {}
