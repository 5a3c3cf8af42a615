package bpflife.persistence;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Another process holding an H2 journal open (and so its file lock): {@code HoldJournal JDBC-URL}
 * prints {@code held} once the database is open and keeps it until its stdin closes.
 */
public final class HoldJournal {
    private HoldJournal() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            System.out.println(c.isValid(1) ? "held" : "invalid");
            System.out.flush();
            System.in.readAllBytes(); // until the test closes our stdin, or dies
        }
    }
}
