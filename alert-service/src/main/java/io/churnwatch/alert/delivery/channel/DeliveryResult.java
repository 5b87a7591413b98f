package io.churnwatch.alert.delivery.channel;

/** The outcome of one delivery attempt. {@code detail} never carries a secret. */
public record DeliveryResult(boolean sent, boolean retryable, Integer statusCode, String detail) {

    public static DeliveryResult ok(int status) {
        return new DeliveryResult(true, false, status, "ok");
    }

    public static DeliveryResult retry(Integer status, String detail) {
        return new DeliveryResult(false, true, status, detail);
    }

    public static DeliveryResult fail(Integer status, String detail) {
        return new DeliveryResult(false, false, status, detail);
    }
}
