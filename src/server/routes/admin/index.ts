/** @module The `/api/admin/*` routes (WEGATE_ADMIN_KEY). */
export { registerAdmin } from './register-admin.js';
