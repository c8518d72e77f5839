package dev.runledger.contract.client;

/** An RFC 9457 problem answer with the contract's {@code code}. */
public record Problem(String type, String title, int status, String detail, String code) {
}
