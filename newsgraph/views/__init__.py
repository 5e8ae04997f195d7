"""Layer 5, what the pages show, as data: filters, the network and timeline models, the
source view, and the derived view tables written with each build."""
