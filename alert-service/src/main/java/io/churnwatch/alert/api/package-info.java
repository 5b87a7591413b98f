/**
 * The REST layer: JAX-RS resources ({@code /v1} and the {@code /inbox} page), their request and response shapes,
 * and the live stream's authentication. Resources call the feature packages and may read persistence entities to
 * render them; nothing in the service depends on this package.
 */
package io.churnwatch.alert.api;
