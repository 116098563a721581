package dev.margintopup.local;

import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.venue.connect.VenueFactory;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code infra/bin/validate ITEM.json...}: checks account items before they go into the Accounts
 * table, with the same validator schedule-sync, the checker and the transfer function use. Each
 * file holds one item in DynamoDB JSON, as {@code aws dynamodb put-item --item file://...} takes it.
 */
public final class ValidateItems {

    private ValidateItems() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.getenv().getOrDefault("SECRET_PREFIX", "margin-topup")));
    }

    static int run(String[] args, PrintStream out, String secretPrefix) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.print(UsageText.of(ValidateItems.class, "validate-usage.txt"));
            return args.length == 0 ? 2 : 0;
        }
        AccountValidator validator = new AccountValidator(secretPrefix, VenueFactory.supportedVenues());
        int status = 0;
        for (String arg : args) {
            if (arg.startsWith("-")) {
                out.println("unknown option '" + arg + "': infra/bin/validate takes item files and -h, --help");
                return 2;
            }
            Path file = Path.of(arg);
            AccountItem item;
            try {
                item = AccountItems.from(ItemFile.read(file));
            } catch (ItemFile.Unreadable e) {
                out.println(e.getMessage());
                return 2;
            }
            switch (validator.validate(item.attributes())) {
                case Validation.Valid valid -> {
                    out.println(file + ": valid — account " + valid.config().accountId() + " on "
                            + valid.config().venue() + (valid.config().enabled() ? "" : " (disabled)")
                            + (valid.config().dryRun() ? " (dry run)" : ""));
                    valid.warnings().forEach(w -> out.println("  warning: " + w));
                }
                case Validation.Invalid invalid -> {
                    status = 1;
                    out.println(file + ": " + ItemFile.report(invalid, "nothing would move for this account"));
                }
            }
        }
        return status;
    }
}
