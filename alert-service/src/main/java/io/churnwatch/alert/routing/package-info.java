/**
 * Where an episode's notification goes: the routing rules and recipients a tenant manages, and the
 * {@link io.churnwatch.alert.routing.Router} that picks an episode's rule, assignee (owner, or the team in
 * round robin) and channels.
 */
package io.churnwatch.alert.routing;
