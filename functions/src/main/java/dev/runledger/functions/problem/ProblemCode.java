package dev.runledger.functions.problem;

import dev.runledger.db.StoreException.Failure;
import io.micronaut.http.HttpStatus;

/** The stable error codes of CONTRACT.md, each with its HTTP status and title. */
public enum ProblemCode {
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "Validation failed"),
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "Malformed JSON"),
    RUN_NOT_FOUND("run-not-found", HttpStatus.NOT_FOUND, "Run not found"),
    UNIT_NOT_FOUND("unit-not-found", HttpStatus.NOT_FOUND, "Unit not found"),
    ATTEMPT_NOT_FOUND("attempt-not-found", HttpStatus.NOT_FOUND, "Attempt not found"),
    MERGE_NOT_FOUND("merge-not-found", HttpStatus.NOT_FOUND, "Merge not found"),
    RUN_EXISTS("run-exists", HttpStatus.CONFLICT, "Run exists"),
    UNIT_EXISTS("unit-exists", HttpStatus.CONFLICT, "Unit exists"),
    INVALID_TRANSITION("invalid-transition", HttpStatus.CONFLICT, "Invalid transition"),
    DEPENDENCY_CYCLE("dependency-cycle", HttpStatus.CONFLICT, "Dependency cycle"),
    UNIT_NOT_READY("unit-not-ready", HttpStatus.CONFLICT, "Unit not ready"),
    LEASE_LOST("lease-lost", HttpStatus.CONFLICT, "Lease lost"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Idempotency key in use"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    FUNCTION_NOT_FOUND("function-not-found", HttpStatus.NOT_FOUND, "Function not found"),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    URI_TOO_LONG("uri-too-long", HttpStatus.REQUEST_URI_TOO_LONG, "URI too long"),
    HEADERS_TOO_LARGE("headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Headers too large"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Overloaded"),
    STORAGE_FULL("storage-full", HttpStatus.SERVICE_UNAVAILABLE, "Storage full"),
    NOT_IMPLEMENTED("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented"),
    /** Not in the contract's table: a fault of the server, answered without internals. */
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final String code;
    private final HttpStatus status;
    private final String title;

    ProblemCode(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ProblemCode of(Failure failure) {
        return switch (failure) {
            case RUN_NOT_FOUND -> RUN_NOT_FOUND;
            case UNIT_NOT_FOUND -> UNIT_NOT_FOUND;
            case ATTEMPT_NOT_FOUND -> ATTEMPT_NOT_FOUND;
            case MERGE_NOT_FOUND -> MERGE_NOT_FOUND;
            case INVALID_FIELD -> VALIDATION_FAILED;
            case RUN_EXISTS -> RUN_EXISTS;
            case UNIT_EXISTS -> UNIT_EXISTS;
            case INVALID_TRANSITION -> INVALID_TRANSITION;
            case DEPENDENCY_CYCLE -> DEPENDENCY_CYCLE;
            case UNIT_NOT_READY -> UNIT_NOT_READY;
            case LEASE_LOST -> LEASE_LOST;
            case IDEMPOTENCY_KEY_REUSED -> IDEMPOTENCY_KEY_REUSED;
            case IDEMPOTENCY_KEY_IN_USE -> IDEMPOTENCY_KEY_IN_USE;
            case OVERLOADED -> OVERLOADED;
            case STORAGE_FULL -> STORAGE_FULL;
            case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
        };
    }
}
