package dev.runledger.db;

/** The database behind the store; the few vendor differences branch on it. */
public enum Vendor {
    SQLITE,
    POSTGRESQL
}
