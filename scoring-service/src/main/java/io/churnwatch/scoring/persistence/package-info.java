/**
 * The scoring schema: entities, Panache repositories, the session-native queries and the bulk writers. Every
 * statement of the service is here; features call these classes. Depends on the pure model, the configuration and
 * the event contract only, never on a feature or an adapter.
 */
package io.churnwatch.scoring.persistence;
