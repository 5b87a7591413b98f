/**
 * The service's configuration ({@code churnwatch.alert.*}) and its one clock. Depends on nothing else in the service.
 */
package io.churnwatch.alert.config;
