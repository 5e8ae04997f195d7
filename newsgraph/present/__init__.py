"""Layer 6, figures and files: plotly figures of the network and the timeline, and exports."""
