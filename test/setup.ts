// Jest runs each test file in a VM context: make sure Temporal exists there too.
import "../node/temporal.ts";
