/** Plain constants shared by the edge constructs and config validation (no CDK imports). */

/** Lowest rate limit AWS WAF accepts (it was 100 before 2024). */
export const RATE_LIMIT_MIN = 10;
export const RATE_LIMIT_MAX = 2_000_000_000;
export const EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

/** The strict default Content-Security-Policy and Permissions-Policy of the site distribution. */
export const STRICT_CSP = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
export const DEFAULT_PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';
