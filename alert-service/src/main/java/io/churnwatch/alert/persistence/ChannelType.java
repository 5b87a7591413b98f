package io.churnwatch.alert.persistence;

/**
 * The kinds of channel, with the rate limits their services document. Above a limit, messages are
 * folded into one digest instead of being dropped.
 */
public enum ChannelType {
    /** SMTP through the Quarkus mailer. */
    EMAIL(120, 0),
    /** Our own signed JSON webhook. */
    WEBHOOK(600, 0),
    /** Slack incoming webhook: about one message a second. */
    SLACK(60, 1),
    /** Microsoft Teams through a Workflows (Power Automate) webhook. */
    TEAMS(60, 4),
    /** DingTalk custom robot: 20 messages a minute. */
    DINGTALK(20, 0),
    /** WeCom group robot: 20 messages a minute. */
    WECOM(20, 0),
    /** Feishu/Lark custom bot: 100 a minute and 5 a second. */
    FEISHU(100, 5);

    private final int perMinute;
    private final int perSecond;

    ChannelType(int perMinute, int perSecond) {
        this.perMinute = perMinute;
        this.perSecond = perSecond;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Requests allowed per second, or 0 when only the per-minute limit applies. */
    public int perSecond() {
        return perSecond;
    }

    public boolean isWebhook() {
        return this != EMAIL;
    }
}
