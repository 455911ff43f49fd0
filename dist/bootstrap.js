// Registers the deployer app and sets up the repository: node dist/bootstrap.js --help
import './index.js';
