package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Email over SMTP through the Quarkus mailer, as text and HTML; the idempotency key travels in
 * {@code X-ChurnWatch-Idempotency-Key}.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

    public static final String IDEMPOTENCY_HEADER = "X-ChurnWatch-Idempotency-Key";

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        if (delivery.address() == null) {
            return Uni.createFrom().item(DeliveryResult.fail(null, "no email address"));
        }
        String subject = delivery.headline(Markup.PLAIN);
        String text = delivery.isDigest()
                ? MessageText.digestPlain(delivery.digestTitle(), delivery.alerts())
                : MessageText.plain(delivery.first());
        String html = delivery.isDigest()
                ? MessageText.digestHtml(delivery.digestTitle(), delivery.alerts())
                : MessageText.html(delivery.first());
        Mail mail = Mail.withText(delivery.address(), subject, text)
                .setHtml(html)
                .addHeader(IDEMPOTENCY_HEADER, delivery.idempotencyKey());
        return mailer.send(mail)
                .replaceWith(DeliveryResult.ok(250))
                .onFailure()
                .recoverWithItem(error ->
                        DeliveryResult.retry(null, "SMTP: " + error.getClass().getSimpleName()));
    }
}
