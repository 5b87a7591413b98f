/**
 * The alert schema: entities, repositories, the outbox stores and column codecs (encrypted channel secrets,
 * id lists). Depends on the configuration and the event contract only, never on a feature or the API.
 */
package io.churnwatch.alert.persistence;
