/**
 * One sender per channel type (Slack, Teams, email, DingTalk, Feishu, WeCom, our webhook): each renders a
 * message or digest in its service's format and limits, signs it where the service asks, and posts it to the
 * guarded address.
 */
package io.churnwatch.alert.delivery.channel;
