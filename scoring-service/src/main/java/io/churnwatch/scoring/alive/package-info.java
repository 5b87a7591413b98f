/**
 * P(alive): each tenant's BG/NBD model, refitted on a schedule from the customers' activity summaries (on the
 * tenant's clock), cached, and the probability it gives a customer when rescoring.
 */
package io.churnwatch.scoring.alive;
