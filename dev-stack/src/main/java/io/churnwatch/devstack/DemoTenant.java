package io.churnwatch.devstack;

/** The tenant and credentials the local run creates, so the README's first curl works. Never used in production. */
public final class DemoTenant {

    public static final String TENANT = "demo";
    public static final String API_KEY = "cw_demo_local_run_key_not_for_production";
    public static final String ADMIN_TOKEN = "local-admin-token";

    private DemoTenant() {}
}
